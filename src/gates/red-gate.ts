import type { TestCase, TestResults } from "./test-results.js";
import { isFileEntry } from "./test-ledger.js";

export interface RedGateInput {
  /** Test files QA created or changed in this attempt (project-relative). */
  testFiles: string[];
  exitCode: number | null;
  results: TestResults;
  /** The text of each test file, to attribute reported test names to the files QA wrote. */
  testFileTexts: Record<string, string>;
  /** Test names other requirements already own: not new. */
  knownTestNames: ReadonlySet<string>;
}

export interface RedGateVerdict {
  passed: boolean;
  /** Why, in one line, for QA when it is rejected and for the matrix when it passes. */
  reason: string;
  /** The new tests, as the runner named them (empty when the runner reports no per-test results). */
  newTests: TestCase[];
}

function belongsTo(test: TestCase, files: string[], texts: Record<string, string>): boolean {
  // A whole-file entry carries the file in its name when the runner gives no file attribute (node --test).
  const located = test.file ?? (isFileEntry(test) ? test.name : undefined);
  if (located !== undefined) {
    const file = located.replace(/\\/g, "/");
    if (files.some((candidate) => file === candidate || file.endsWith(`/${candidate}`))) return true;
  }
  const leaf = test.name.split(" > ").at(-1)!;
  return files.some((file) => (texts[file] ?? "").includes(leaf));
}

/**
 * The reported tests whose name is quoted in the given texts: run against the files as they were when the
 * requirement started, these are the tests that existed before QA's attempt.
 */
export function testsNamedIn(results: TestResults, texts: Record<string, string>): TestCase[] {
  const quoted = (leaf: string) => Object.values(texts).some((text) => ['"', "'", "`"].some((quote) => text.includes(`${quote}${leaf}${quote}`)));
  return results.tests.filter((test) => !isFileEntry(test) && quoted(test.name.split(" > ").at(-1)!));
}

/**
 * The red gate: QA's tests exist and fail. When the runner reports per-test results, the failures must
 * include tests from the files QA wrote (or QA's file itself failing to load: pytest's collection error
 * for a module that does not exist yet); a run that fails only elsewhere proves nothing about them, and a
 * skipped test is not a failing one. Without per-test results the exit code decides, and the verdict says so.
 */
export function judgeRedGate(input: RedGateInput): RedGateVerdict {
  if (input.testFiles.length === 0) {
    return { passed: false, reason: "no test files were created or changed", newTests: [] };
  }
  const newTests = input.results.tests.filter(
    (test) => !input.knownTestNames.has(test.name) && belongsTo(test, input.testFiles, input.testFileTexts),
  );
  // A test file that fails to load (its module does not exist yet) is reported under its path.
  if (input.exitCode === 0) {
    return { passed: false, reason: "the test run passes: the new tests already pass, so they do not test the requirement", newTests };
  }
  if (!input.results.reported) {
    return { passed: true, reason: `the test run fails (exit ${input.exitCode ?? "signal"}; exit code only: no per-test results)`, newTests };
  }
  const failing = newTests.filter((test) => test.status === "failed" || test.status === "errored");
  if (failing.length === 0) {
    const elsewhere = input.results.tests.filter((test) => !test.passed).map((test) => test.name);
    const where = elsewhere.length > 0 ? `only ${elsewhere.slice(0, 5).join(", ")} fail` : "no test from them was reported";
    return { passed: false, reason: `the failures do not include the new tests in ${input.testFiles.join(", ")}: ${where}`, newTests };
  }
  const passing = newTests.filter((test) => test.passed);
  if (passing.length > 0) {
    return { passed: false, reason: `new tests already pass, so they do not test the requirement: ${passing.map((test) => test.name).join(", ")}`, newTests };
  }
  const skipped = newTests.filter((test) => test.status === "skipped");
  if (skipped.length > 0) {
    return { passed: false, reason: `new tests are skipped, so they test nothing: ${skipped.map((test) => test.name).join(", ")}`, newTests };
  }
  const unloaded = failing.filter(isFileEntry).map((test) => test.file ?? test.name);
  const named = failing.filter((test) => !isFileEntry(test)).length;
  return { passed: true, reason: [named ? `${named} new test(s) fail` : "", unloaded.length ? `${unloaded.join(", ")} fail(s) to load` : ""].filter(Boolean).join("; "), newTests };
}
