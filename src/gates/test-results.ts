/**
 * Per-test results read from a test run's output, for the runners greenlight knows: node --test (TAP and
 * spec reporters), vitest (default and verbose reporters) and pytest. Other runners give no per-test
 * results, and the gates then judge by the exit code alone.
 */

export interface TestCase {
  name: string;
  passed: boolean;
  /** The file the runner says the test is in, when it says. */
  file?: string;
}

export interface TestResults {
  /** False when no line of the output looked like a per-test result. */
  reported: boolean;
  tests: TestCase[];
}

const TAP_RESULT = /^(\s*)(not ok|ok) \d+ - (.+?)(?: # (?:SKIP|TODO).*)?$/;
const TAP_LOCATION = /^\s*location: '(.+?):\d+:\d+'$/;
const SPEC_RESULT = /^\s*([✔✖])\s+(.+?)(?: \([\d.]+m?s\))?$/u;
const VITEST_RESULT = /^\s*([✓√×✗])\s+(.+?)(?:\s+\d+m?s)?$/u;
const VITEST_FAIL = /^\s*FAIL\s+(\S+)\s+>\s+(.+?)$/;
const PYTEST_VERBOSE = /^(\S+?\.py)::(\S.*?)\s+(PASSED|FAILED|ERROR)\b/;
const PYTEST_SUMMARY = /^(FAILED|ERROR|PASSED)\s+(\S+?\.py)::(\S.*?)(?:\s+-\s.*)?$/;

/** Strips ANSI colour codes, which runners print even in CI when forced. */
function plain(output: string): string {
  return output.replace(/\x1b\[[0-9;]*m/g, "");
}

function parseTap(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = TAP_RESULT.exec(lines[index]!);
    if (!match) continue;
    const test: TestCase = { name: match[3]!, passed: match[2] === "ok" };
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
      tests.push({ name: spec[2]!, passed: spec[1] === "✔" });
      continue;
    }
    const vitest = VITEST_RESULT.exec(line);
    if (vitest) {
      const [file, ...path] = vitest[2]!.split(" > ");
      const passed = vitest[1] === "✓" || vitest[1] === "√";
      // "✓ test/a.test.ts (3 tests) 4ms" is a file line, not a test.
      if (path.length === 0 && /\(\d+ tests?/.test(vitest[2]!)) continue;
      if (path.length > 0 && /\.[cm]?[jt]sx?$/.test(file!)) tests.push({ name: path.join(" > "), passed, file: file! });
      else tests.push({ name: vitest[2]!, passed });
      continue;
    }
    const fail = VITEST_FAIL.exec(line);
    if (fail) tests.push({ name: fail[2]!, passed: false, file: fail[1]! });
  }
  return tests;
}

function parsePytest(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const verbose = PYTEST_VERBOSE.exec(line);
    if (verbose) {
      tests.push({ name: verbose[2]!, passed: verbose[3] === "PASSED", file: verbose[1]! });
      continue;
    }
    const summary = PYTEST_SUMMARY.exec(line);
    if (summary) tests.push({ name: summary[3]!, passed: summary[1] === "PASSED", file: summary[2]! });
  }
  return tests;
}

/** One entry per test name and file: a name reported twice (a summary repeating a failure) counts once, failed wins. */
function deduplicate(tests: TestCase[]): TestCase[] {
  const byKey = new Map<string, TestCase>();
  for (const test of tests) {
    const key = test.name;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...test });
    else {
      seen.passed = seen.passed && test.passed;
      seen.file ??= test.file;
    }
  }
  return [...byKey.values()];
}

export function parseTestResults(output: string): TestResults {
  const lines = plain(output).split(/\r?\n/);
  for (const parse of [parseTap, parsePytest, parseMarked]) {
    const tests = parse(lines);
    if (tests.length > 0) return { reported: true, tests: deduplicate(tests) };
  }
  return { reported: false, tests: [] };
}
