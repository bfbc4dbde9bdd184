import { createHash } from "node:crypto";
import type { KnownFailure, SuiteBaseline } from "../domain/traceability.js";
import { isTestFile } from "../domain/test-files.js";
import type { BaselineView } from "./test-ledger.js";
import type { TestCase, TestResults } from "./test-results.js";

/**
 * The baseline: the suite's state by test before this work, as a gate run saw it. The first red gate of a
 * run records it (QA's new tests aside), each accepted green gate replaces it for the next requirement.
 * Judged against it, a failing test is a known failure (it failed before: shown, never counted as passed,
 * never blocking) or a regression (it passed before: the gate refuses it, by name).
 */

const failed = (test: TestCase) => test.status === "failed" || test.status === "errored";

/** A fingerprint of every file that is not a test: two runs with the same one ran the same code. */
export function codeFingerprint(files: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256");
  for (const path of Object.keys(files).filter((file) => !isTestFile(file)).sort()) hash.update(`${path}\0${files[path]}\0`);
  return hash.digest("hex");
}

export interface BaselineSource {
  at: string;
  gate: SuiteBaseline["gate"];
  requirement: string;
  code: string;
}

/**
 * The baseline a full gate run gives: every named test's state, less `aside` (QA's new tests at a red
 * gate). A test still failing keeps the time it was first seen failing in `previous`.
 */
export function recordBaseline(results: TestResults, source: BaselineSource, previous: SuiteBaseline | undefined, aside: ReadonlySet<string> = new Set()): SuiteBaseline {
  const since = new Map((previous?.failing ?? []).map((failure) => [failure.test, failure.since]));
  const tests = results.tests.filter((test) => !aside.has(test.id));
  const failing = [...new Set(tests.filter(failed).map((test) => test.id))].sort().map((test) => ({ test, since: since.get(test) ?? source.at }));
  const passed = [...new Set(tests.filter((test) => test.passed).map((test) => test.id))].sort();
  return { ...source, passed, failing };
}

export interface BaselineComparison {
  /** Failing now and in the baseline: failing before this work. */
  knownFailing: string[];
  /** Passed in the baseline, failing now. */
  regressions: string[];
  /** Failing in the baseline, passed now. */
  fixed: string[];
}

export function compareWithBaseline(baseline: SuiteBaseline | undefined, results: TestResults): BaselineComparison {
  const before = new Set(baseline?.failing.map((failure) => failure.test) ?? []);
  const passedBefore = new Set(baseline?.passed ?? []);
  const failingNow = [...new Set(results.tests.filter(failed).map((test) => test.id))];
  const passedNow = [...new Set(results.tests.filter((test) => test.passed).map((test) => test.id))];
  return {
    knownFailing: failingNow.filter((test) => before.has(test)).sort(),
    regressions: failingNow.filter((test) => passedBefore.has(test)).sort(),
    fixed: passedNow.filter((test) => before.has(test)).sort(),
  };
}

/**
 * A row's known failures after a gate: each baseline failure the gate saw still failing stays (with the
 * time it was first seen), each one it saw passing is recorded as fixed, and an entry already fixed stays
 * fixed.
 */
export function knownFailuresAfter(existing: readonly KnownFailure[] | undefined, baseline: SuiteBaseline | undefined, comparison: BaselineComparison, at: string): KnownFailure[] {
  const byTest = new Map((existing ?? []).map((failure) => [failure.test, { ...failure }]));
  const since = new Map((baseline?.failing ?? []).map((failure) => [failure.test, failure.since]));
  for (const test of comparison.knownFailing) {
    const entry = byTest.get(test);
    if (!entry) byTest.set(test, { test, since: since.get(test) ?? at });
    else if (entry.fixedAt !== undefined) {
      // Failing again after a gate saw it pass: failing before this work once more.
      delete entry.fixedAt;
    }
  }
  for (const test of comparison.fixed) {
    const entry = byTest.get(test) ?? { test, since: since.get(test) ?? at };
    entry.fixedAt ??= at;
    byTest.set(test, entry);
  }
  return [...byTest.values()].sort((a, b) => a.test.localeCompare(b.test));
}

/** "failing before this work: "a", "b"; fixed: "c"", for gate summaries (empty when there is nothing to say). */
export function describeKnownFailures(comparison: BaselineComparison, max = 5): string {
  const list = (names: readonly string[]) => `${names.slice(0, max).map((name) => `"${name}"`).join(", ")}${names.length > max ? ` and ${names.length - max} more` : ""}`;
  return [
    comparison.knownFailing.length > 0 ? `failing before this work (not counted as passed): ${list(comparison.knownFailing)}` : "",
    comparison.fixed.length > 0 ? `fixed (failing before this work, passing now): ${list(comparison.fixed)}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** What the ledger needs of the baseline: which tests failed there, which passed. */
export function baselineView(baseline: SuiteBaseline | undefined): BaselineView | undefined {
  return baseline === undefined ? undefined : { knownFailures: new Set(baseline.failing.map((failure) => failure.test)), passed: new Set(baseline.passed) };
}

/** Every test the baseline named: already there before QA's work. */
export function baselineIdentities(baseline: SuiteBaseline | undefined): string[] {
  return baseline === undefined ? [] : [...baseline.passed, ...baseline.failing.map((failure) => failure.test)];
}
