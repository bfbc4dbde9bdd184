import type { Requirement } from "../domain/requirement.js";
import type { ImportedSpec } from "./formats/spec-format.js";
import { SpecError } from "./spec-error.js";

/**
 * The known requirements a spec speaks for, so planning one feature never removes another's: those of
 * its feature, or (formats without features) those planned from the same file. A partial spec (an OpenSpec
 * change, a story file) speaks for none beyond the ones it names and removes.
 */
export function inScopeOf(spec: ImportedSpec): (requirement: Requirement) => boolean {
  const { scope } = spec;
  if (scope.partial) return () => false;
  if (scope.feature !== undefined) return (requirement) => requirement.feature === scope.feature;
  return (requirement) => requirement.feature === undefined && requirement.source.file === scope.file;
}

/**
 * The specs of one `greenlight plan`, each id planned once. One id from two places is refused, naming both,
 * unless the later is a partial spec restating it (a BMAD story file elaborates its epic's story): its
 * version then takes the earlier one's place, so the requirement stays in the earlier file's scope.
 */
export function planOnce(specs: readonly ImportedSpec[]): ImportedSpec[] {
  const planned = specs.map((spec) => ({ ...spec, requirements: [...spec.requirements] }));
  const seen = new Map<string, { spec: ImportedSpec; requirement: Requirement }>();
  for (const spec of planned) {
    spec.requirements = spec.requirements.filter((requirement) => {
      const earlier = seen.get(requirement.id);
      if (!earlier) {
        seen.set(requirement.id, { spec, requirement });
        return true;
      }
      const first = earlier.requirement.source;
      if (!spec.scope.partial) throw new SpecError(`requirement id ${requirement.id} is also planned from ${first.file}:${first.line}`, requirement.source.file, requirement.source.line);
      const list = earlier.spec.requirements;
      list[list.indexOf(earlier.requirement)] = requirement;
      seen.set(requirement.id, { spec: earlier.spec, requirement });
      return false;
    });
  }
  return planned;
}
