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

/**
 * OpenSpec ids come from requirement names. A RENAMED delta keeps the old name's id under the new name;
 * once the change is archived the built spec carries only the new name, so a requirement of the same
 * feature already planned under that name (and not claimed by another) keeps its id.
 */
export function keepRenamedIds(spec: ImportedSpec, known: readonly Requirement[]): ImportedSpec {
  if (spec.format !== "openspec") return spec;
  const knownIds = new Set(known.map((requirement) => requirement.id));
  const claimed = new Set(spec.requirements.map((requirement) => requirement.id));
  const requirements = spec.requirements.map((requirement) => {
    if (knownIds.has(requirement.id)) return requirement;
    const renamed = known.find((candidate) => candidate.feature === requirement.feature && candidate.title === requirement.title && !claimed.has(candidate.id) && candidate.removed !== true);
    if (!renamed) return requirement;
    claimed.add(renamed.id);
    return { ...requirement, id: renamed.id };
  });
  return { ...spec, requirements };
}
