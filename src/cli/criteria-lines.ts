import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { Requirement } from "../domain/requirement.js";
import type { TraceRow } from "../domain/traceability.js";

/**
 * The lines under the matrix about acceptance criteria and re-planned work: each requirement's criteria
 * that no test covers (as the red gate recorded it), and the requirements changed since their approval.
 */
export function criteriaLines(requirements: readonly DeepReadonly<Requirement>[], rows: readonly DeepReadonly<TraceRow>[], show: (id: string) => string): string[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lines: string[] = [];
  let total = 0;
  let covered = 0;
  for (const requirement of requirements) {
    if (requirement.removed || !requirement.criteria?.length) continue;
    const coverage = byId.get(requirement.id)?.criteriaCoverage ?? {};
    const missing = requirement.criteria.filter((criterion) => !coverage[criterion.id]?.length).map((criterion) => criterion.id);
    total += requirement.criteria.length;
    covered += requirement.criteria.length - missing.length;
    if (missing.length > 0) lines.push(`  ${show(requirement.id)}: ${missing.join(", ")}`);
  }
  const out = total > 0 ? [`Criteria: ${covered}/${total} covered by a test${lines.length ? "; without a test:" : ""}`, ...lines] : [];
  const changed = rows.filter((row) => row.changedSinceApproval).map((row) => show(row.id));
  if (changed.length > 0) out.push(`Changed since approval: ${changed.join(", ")}`);
  return out;
}
