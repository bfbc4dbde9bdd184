import { attributeFiles, duplicateIdentities, namesTest, pythonTestsIn } from "./test-identity.js";
import { inFiles, isFileEntry } from "./test-ledger.js";
import type { TestCase, TestResults } from "./test-results.js";

export interface RedGateInput {
  /** Test files QA created or changed in this attempt (project-relative). */
  testFiles: string[];
  exitCode: number | null;
  results: TestResults;
  /** The project's files now: QA's test files, and the test files that give a file to tests reported without one. */
  files: Readonly<Record<string, string>>;
  /**
   * Identities of the tests that were there before QA's work: the runner's collection of the old
   * files, and the tests other requirements own. Never new.
   */
  existing: readonly string[];
}

export interface RedGateVerdict {
  passed: boolean;
  /** Why, in one line, for QA when it is rejected and for the matrix when it passes. */
  reason: string;
  /** The new tests, as the runner named them (empty when the runner reports no per-test results). */
  newTests: TestCase[];
  /**
   * The identities the green gate demands by name: the new tests, and for a Python file that could not be
   * collected yet (its module does not exist), the test functions it defines.
   */
  names: string[];
}

/**
 * The red gate: QA's tests exist and fail. When the runner reports per-test results, the failures must
 * include new tests of the files QA wrote (a test is new when its identity was not there before; or QA's
 * file itself fails to load: pytest's collection error for a module that does not exist yet); a run that
 * fails only elsewhere proves nothing about them, and a skipped test is not a failing one. Without
 * per-test results the exit code decides, and the verdict says so.
 */
export function judgeRedGate(input: RedGateInput): RedGateVerdict {
  if (input.testFiles.length === 0) {
    return { passed: false, reason: "no test files were created or changed", newTests: [], names: [] };
  }
  const results = attributeFiles(input.results, input.files);
  const isExisting = (test: TestCase) => input.existing.some((recorded) => namesTest(recorded, test));
  const newTests = results.tests.filter((test) => inFiles(test, input.testFiles) && (isFileEntry(test) || !isExisting(test)));
  const unloaded = newTests.filter((test) => isFileEntry(test) && test.status === "errored").map((test) => test.file ?? test.name);
  const named = newTests.filter((test) => !isFileEntry(test)).map((test) => test.id);
  // A file that fails to load names no test: the functions it defines are what the green gate must see pass.
  const collectable = unloaded.filter((file) => file.endsWith(".py") && !named.some((id) => id.startsWith(`${file}::`)));
  const fromFiles = collectable.flatMap((file) => pythonTestsIn(file, input.files[file] ?? "")).filter((id) => !input.existing.includes(id));
  const names = [...new Set([...named, ...fromFiles])];
  const verdict = (passed: boolean, reason: string): RedGateVerdict => ({ passed, reason, newTests, names });
  if (input.exitCode === 0) return verdict(false, "the test run passes: the new tests already pass, so they do not test the requirement");
  if (results.missingReports !== undefined && results.missingReports.length > 0) {
    return verdict(false, `no evidence: greenlight asked ${results.missingReports.join(", ")} for its report and none came back, or an empty one (exit ${input.exitCode ?? "signal"}): a failing run that names no test proves nothing about the new tests`);
  }
  if (!results.reported) return verdict(true, `the test run fails (exit ${input.exitCode ?? "signal"}; exit code only: no per-test results)`);
  const duplicates = duplicateIdentities(results.tests);
  const twice = [...new Set(named.filter((id) => duplicates.has(id)))];
  if (twice.length > 0) return verdict(false, `tests share one identity (same file, suite and name), so the gates cannot tell them apart: ${twice.slice(0, 5).join(", ")}; give each its own name`);
  const failing = newTests.filter((test) => test.status === "failed" || test.status === "errored");
  if (failing.length === 0) {
    const elsewhere = results.tests.filter((test) => !test.passed).map((test) => test.id);
    const where = elsewhere.length > 0 ? `only ${elsewhere.slice(0, 5).join(", ")} fail` : "no new test from them was reported";
    return verdict(false, `the failures do not include new tests in ${input.testFiles.join(", ")}: ${where}`);
  }
  const passing = newTests.filter((test) => test.passed);
  if (passing.length > 0) return verdict(false, `new tests already pass, so they do not test the requirement: ${passing.map((test) => test.id).join(", ")}`);
  const skipped = newTests.filter((test) => test.status === "skipped");
  if (skipped.length > 0) return verdict(false, `new tests are skipped, so they test nothing: ${skipped.map((test) => test.id).join(", ")}`);
  const failingNamed = failing.filter((test) => !isFileEntry(test)).length;
  const reason = [failingNamed ? `${failingNamed} new test(s) fail` : "", unloaded.length ? `${unloaded.join(", ")} fail(s) to load${fromFiles.length ? ` (its tests, demanded by name at the green gate: ${fromFiles.length})` : ""}` : ""].filter(Boolean).join("; ");
  return verdict(true, reason);
}
