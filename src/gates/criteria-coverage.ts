import type { Criterion } from "../domain/requirement.js";
import type { TestCase } from "./test-results.js";

/**
 * How QA names the criteria a test covers: `[AC 1.2]` (or `[AC 1.1, 1.2]`) anywhere in the test's name,
 * so the runner's own per-test results say which test covers which criterion: nothing is read from the
 * test's source, and a test that never ran covers nothing.
 */
const TAG = /\[AC\s+([^\]]+)\]/gi;

export function criterionTag(id: string): string {
  return `[AC ${id}]`;
}

/** The criterion ids a test's name claims to cover. */
export function criteriaNamedBy(testName: string): string[] {
  return [...testName.matchAll(TAG)].flatMap((match) => match[1]!.split(",").map((id) => id.trim()).filter(Boolean));
}

export interface CriteriaCoverage {
  /** Criterion id -> the failing tests that name it. */
  coverage: Record<string, string[]>;
  /** Criteria no failing test names. */
  uncovered: string[];
}

/**
 * At the red gate: each criterion is covered by the new tests that name it and fail there (recorded by identity). A test that
 * names a criterion and passes already proves nothing about it, so it covers nothing. `carried` is the
 * coverage kept from before for criteria that did not change (a reopened requirement's): their tests
 * passed at the last approval and need not fail again.
 */
export function criteriaCoverage(criteria: readonly Criterion[], tests: readonly TestCase[], carried: Readonly<Record<string, readonly string[]>> = {}): CriteriaCoverage {
  const coverage: Record<string, string[]> = Object.fromEntries(Object.entries(carried).map(([id, names]) => [id, [...names]]));
  for (const test of tests) {
    if (test.status !== "failed" && test.status !== "errored") continue;
    for (const id of criteriaNamedBy(test.name)) {
      if (!criteria.some((criterion) => criterion.id === id)) continue;
      (coverage[id] ??= []).push(test.id);
    }
  }
  return { coverage, uncovered: criteria.filter((criterion) => !coverage[criterion.id]).map((criterion) => criterion.id) };
}

/**
 * The coverage a reopened requirement keeps: the criteria it had when approved, word for word, with the
 * tests that covered them then. A changed or new criterion keeps nothing and needs a new failing test.
 */
export function unchangedCoverage(
  criteria: readonly Criterion[],
  approvedCriteria: readonly string[] | undefined,
  coverage: Readonly<Record<string, readonly string[]>> | undefined,
): Record<string, string[]> {
  if (!approvedCriteria || !coverage) return {};
  const kept: Record<string, string[]> = {};
  for (const criterion of criteria) {
    const tests = coverage[criterion.id];
    if (tests && approvedCriteria.includes(`${criterion.id}: ${criterion.text}`)) kept[criterion.id] = [...tests];
  }
  return kept;
}
