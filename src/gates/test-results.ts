/**
 * Per-test results read from a test run's output, for the runners greenlight knows: node --test (TAP and
 * spec reporters), vitest (default and verbose reporters) and pytest. Other runners give no per-test
 * results, and the gates then judge by the exit code alone.
 */

export type TestStatus = "passed" | "failed" | "skipped" | "errored";

export interface TestCase {
  name: string;
  status: TestStatus;
  /** True only for "passed". */
  passed: boolean;
  /** The file the runner says the test is in, when it says. */
  file?: string;
  /** An entry for a whole file (one that failed to load or exited early), not a test: never a passed test. */
  fileLevel?: boolean;
}

/** Where per-test results came from: a runner's report, its printed output, or none (the exit code alone). */
export type Evidence = "report" | "output" | "exit-code";

export interface TestResults {
  /** False when no line of the output looked like a per-test result. */
  reported: boolean;
  evidence: Evidence;
  tests: TestCase[];
}

function testCase(name: string, status: TestStatus, file?: string, fileLevel = false): TestCase {
  const test: TestCase = { name, status, passed: status === "passed" };
  if (file !== undefined) test.file = file;
  // node --test names a file that failed to load, or exited before its tests, by its path.
  if (fileLevel || /[\\/]/.test(name)) test.fileLevel = true;
  return test;
}

const TAP_RESULT = /^(\s*)(not ok|ok) \d+ - (.+?)(?: # (SKIP|TODO)\b.*)?$/;
const TAP_LOCATION = /^\s*location: '(.+?):\d+:\d+'$/;
const SPEC_RESULT = /^\s*([✔✖])\s+(.+?)(?: \([\d.]+m?s\))?$/u;
const VITEST_RESULT = /^\s*([✓√×✗])\s+(.+?)(?:\s+\d+m?s)?$/u;
const VITEST_FAIL = /^\s*FAIL\s+(\S+)\s+>\s+(.+?)$/;
const PYTEST_VERBOSE = /^(\S+?\.py)::(\S.*?)\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/;
const PYTEST_SUMMARY = /^(FAILED|ERROR|PASSED|SKIPPED)\s+(\S+?\.py)::(\S.*?)(?:\s+-\s.*)?$/;
/** `ERROR test_calc.py`: a test module that failed to import (collection error), reported under its path. */
const PYTEST_FILE_ERROR = /^ERROR\s+(\S+?\.py)(?:\s+-\s.*)?$/;
const PYTEST_STATUS: Record<string, TestStatus> = { PASSED: "passed", XPASS: "passed", FAILED: "failed", ERROR: "errored", SKIPPED: "skipped", XFAIL: "skipped" };

/** Strips ANSI colour codes, which runners print even in CI when forced. */
function plain(output: string): string {
  return output.replace(/\x1b\[[0-9;]*m/g, "");
}

function parseTap(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = TAP_RESULT.exec(lines[index]!);
    if (!match) continue;
    const test = testCase(match[3]!, match[4] !== undefined ? "skipped" : match[2] === "ok" ? "passed" : "failed");
    for (let ahead = index + 1; ahead < lines.length && ahead < index + 12; ahead++) {
      const line = lines[ahead]!;
      const location = TAP_LOCATION.exec(line);
      if (location) {
        test.file = location[1]!;
        break;
      }
      if (/^\s*\.\.\.\s*$/.test(line)) break;
    }
    tests.push(test);
  }
  return tests;
}

function parseMarked(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const spec = SPEC_RESULT.exec(line);
    if (spec) {
      tests.push(testCase(spec[2]!, spec[1] === "✔" ? "passed" : "failed"));
      continue;
    }
    const vitest = VITEST_RESULT.exec(line);
    if (vitest) {
      const [file, ...path] = vitest[2]!.split(" > ");
      const status: TestStatus = vitest[1] === "✓" || vitest[1] === "√" ? "passed" : "failed";
      // "✓ test/a.test.ts (3 tests) 4ms" is a file line, not a test.
      if (path.length === 0 && /\(\d+ tests?/.test(vitest[2]!)) continue;
      if (path.length > 0 && /\.[cm]?[jt]sx?$/.test(file!)) tests.push(testCase(path.join(" > "), status, file!));
      else tests.push(testCase(vitest[2]!, status));
      continue;
    }
    const fail = VITEST_FAIL.exec(line);
    if (fail) tests.push(testCase(fail[2]!, "failed", fail[1]!));
  }
  return tests;
}

function parsePytest(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const verbose = PYTEST_VERBOSE.exec(line);
    if (verbose) {
      tests.push(testCase(verbose[2]!, PYTEST_STATUS[verbose[3]!]!, verbose[1]!));
      continue;
    }
    const summary = PYTEST_SUMMARY.exec(line);
    if (summary) {
      tests.push(testCase(summary[3]!, PYTEST_STATUS[summary[1]!]!, summary[2]!));
      continue;
    }
    const fileError = PYTEST_FILE_ERROR.exec(line);
    if (fileError) tests.push(testCase(fileError[1]!, "errored", fileError[1]!, true));
  }
  return tests;
}

/** One entry per test name and file: a name reported twice (a summary repeating a failure) counts once, the worse status wins. */
function deduplicate(tests: TestCase[]): TestCase[] {
  const byKey = new Map<string, TestCase>();
  for (const test of tests) {
    const key = test.name;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...test });
    else {
      if (seen.passed && !test.passed) {
        seen.status = test.status;
        seen.passed = false;
      }
      seen.file ??= test.file;
    }
  }
  return [...byKey.values()];
}

export function parseTestResults(output: string): TestResults {
  const lines = plain(output).split(/\r?\n/);
  for (const parse of [parseTap, parsePytest, parseMarked]) {
    const tests = parse(lines);
    if (tests.length > 0) return { reported: true, evidence: "output", tests: deduplicate(tests) };
  }
  return { reported: false, evidence: "exit-code", tests: [] };
}
