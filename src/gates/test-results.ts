import type { Evidence } from "../domain/traceability.js";
import { projectRelative } from "./reports/project-path.js";

/**
 * Per-test results of a gate run. They come from a structured report when greenlight can get one (see
 * reports/); reading the printed output, as below, is the last fallback: node --test (TAP and spec
 * reporters), vitest (default and verbose reporters), pytest, cargo test, cargo nextest and go test. When
 * neither gives per-test results, the evidence is the exit code alone.
 */

export type TestStatus = "passed" | "failed" | "skipped" | "errored";

export interface TestCase {
  /**
   * The test's title as its runner shows it: the suite path and the test's own name with its parameters
   * (" > " between levels; pytest's "Class::test[param]"). Any character may be in it, "/" included.
   */
  name: string;
  /**
   * The test's identity: its file (project-relative), "::", its title; a whole-file entry's is its file.
   * Without a file (a runner that names none, and no test file defines the name alone) it is the title.
   */
  id: string;
  status: TestStatus;
  /** True only when status is "passed". */
  passed: boolean;
  /** The file the runner says the test is in (project-relative when the runner says it). */
  file?: string;
  /** go test names a package (its import path), not a file: the identity uses it until a file is known. */
  package?: string;
  /**
   * An entry for a whole test file, not a test in it: the file failed to load, or ran no test (it exited
   * before its tests, or has none). Never a passed test, whatever the runner called it.
   */
  fileLevel?: boolean;
}

export interface TestResults {
  /** Where the per-test results came from. */
  evidence: Evidence;
  /** True when some test was named: evidence is not "exit-code". */
  reported: boolean;
  tests: TestCase[];
  /** Runners greenlight asked for a report that left none, or an empty one: the run is no evidence. */
  missingReports?: string[];
}

/** The identity of the test titled `name` in `file`. */
export function testIdentity(file: string | undefined, name: string): string {
  return file === undefined || file === "" ? name : `${file}::${name}`;
}

/** A test's entry; `fileLevel` is set only by a reader that saw the runner report a whole file, never from a name. */
export function testCase(name: string, status: TestStatus, extra: { file?: string; package?: string; fileLevel?: boolean } = {}): TestCase {
  const id = extra.fileLevel ? (extra.file ?? name) : testIdentity(extra.file ?? extra.package, name);
  const test: TestCase = { name, id, status: extra.fileLevel && status === "passed" ? "skipped" : status, passed: false };
  test.passed = test.status === "passed";
  if (extra.file !== undefined) test.file = extra.file;
  if (extra.package !== undefined && extra.file === undefined) test.package = extra.package;
  if (extra.fileLevel) test.fileLevel = true;
  return test;
}

export function resultsFrom(evidence: Evidence, tests: TestCase[]): TestResults {
  return { evidence, reported: evidence !== "exit-code", tests };
}

const TAP_RESULT = /^(\s*)(not ok|ok) \d+ - (.+?)(?: # (SKIP|TODO)\b.*)?$/i;
const TAP_LOCATION = /^\s*location: '(.+?):\d+:\d+'$/;
const SPEC_RESULT = /^\s*([✔✖﹣])\s+(.+?)(?: \([\d.]+m?s\))?(?: # (SKIP|TODO)\b.*)?$/u;
const VITEST_RESULT = /^\s*([✓√×✗↓])\s+(.+?)(?:\s+\d+m?s)?$/u;
const VITEST_FAIL = /^\s*FAIL\s+(\S+)\s+>\s+(.+?)$/;
const PYTEST_VERBOSE = /^(\S+?\.py)::(\S.*?)\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/;
const PYTEST_SUMMARY = /^(FAILED|ERROR|PASSED|SKIPPED)\s+(\S+?\.py)::(\S.*?)(?:\s+-\s.*)?$/;
const LIBTEST_RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored)\b/;
const NEXTEST_RESULT = /^\s*(PASS|FAIL|SKIP|SIGSEGV|SIGABRT|SIGKILL|TIMEOUT|LEAK)\s+\[[^\]]*\]\s+(?:\(\s*\d+\/\d+\)\s+)?(\S+)\s+(\S+)\s*$/;
const GO_RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+) \([\d.]+s\)$/;

/** Strips ANSI colour codes, which runners print even in CI when forced. */
function plain(output: string): string {
  return output.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * node --test's printed output names a test file that ran no test (or failed to load) by its absolute path
 * (a script's, by its extension): the printed output has no other mark of a whole-file entry.
 */
function isFilePath(name: string): boolean {
  return /^(\/|[A-Za-z]:[\\/])\S*\.[cm]?[jt]sx?$/.test(name);
}

function parseTap(lines: string[], projectDir: string): TestCase[] {
  const tests: TestCase[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = TAP_RESULT.exec(lines[index]!);
    if (!match) continue;
    let file: string | undefined;
    for (let ahead = index + 1; ahead < lines.length && ahead < index + 12; ahead++) {
      const line = lines[ahead]!;
      const location = TAP_LOCATION.exec(line);
      if (location) {
        file = projectDir ? projectRelative(projectDir, location[1]!) : location[1]!;
        break;
      }
      if (/^\s*\.\.\.\s*$/.test(line)) break;
    }
    const status = match[4] ? "skipped" : match[2] === "ok" ? "passed" : "failed";
    const name = match[3]!;
    if (isFilePath(name)) tests.push(testCase(name, status, { file: projectDir ? projectRelative(projectDir, name) : name, fileLevel: true }));
    else tests.push(testCase(name, status, file ? { file } : {}));
  }
  return tests;
}

function parseMarked(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const spec = SPEC_RESULT.exec(line);
    if (spec) {
      const status = spec[3] || spec[1] === "﹣" ? "skipped" : spec[1] === "✔" ? "passed" : "failed";
      tests.push(testCase(spec[2]!, status, { fileLevel: isFilePath(spec[2]!) }));
      continue;
    }
    const vitest = VITEST_RESULT.exec(line);
    if (vitest) {
      const [file, ...path] = vitest[2]!.split(" > ");
      const status = vitest[1] === "✓" || vitest[1] === "√" ? "passed" : vitest[1] === "↓" ? "skipped" : "failed";
      // "✓ test/a.test.ts (3 tests) 4ms" is a file line, not a test.
      if (path.length === 0 && /\(\d+ tests?/.test(vitest[2]!)) continue;
      if (path.length > 0 && /\.[cm]?[jt]sx?$/.test(file!)) tests.push(testCase(path.join(" > "), status, { file: file! }));
      else tests.push(testCase(vitest[2]!, status));
      continue;
    }
    const fail = VITEST_FAIL.exec(line);
    if (fail) tests.push(testCase(fail[2]!, "failed", { file: fail[1]! }));
  }
  return tests;
}

/** `ERROR test_calc.py`: a test module that failed to import (collection error), reported under its path. */
const PYTEST_FILE_ERROR = /^ERROR\s+(\S+?\.py)(?:\s+-\s.*)?$/;
const PYTEST_STATUS: Record<string, TestStatus> = { PASSED: "passed", XPASS: "passed", FAILED: "failed", ERROR: "errored", SKIPPED: "skipped", XFAIL: "skipped" };

function parsePytest(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const match = PYTEST_VERBOSE.exec(line);
    if (match) {
      tests.push(testCase(match[2]!, PYTEST_STATUS[match[3]!]!, { file: match[1]! }));
      continue;
    }
    const summary = PYTEST_SUMMARY.exec(line);
    if (summary) {
      tests.push(testCase(summary[3]!, PYTEST_STATUS[summary[1]!]!, { file: summary[2]! }));
      continue;
    }
    const fileError = PYTEST_FILE_ERROR.exec(line);
    if (fileError) tests.push(testCase(fileError[1]!, "errored", { file: fileError[1]!, fileLevel: true }));
  }
  return tests;
}

/** cargo test's libtest lines (`test tests::adds ... ok`) and cargo nextest's (`PASS [0.004s] calc tests::adds`). */
function parseRust(lines: string[]): TestCase[] {
  const tests: TestCase[] = [];
  for (const line of lines) {
    const libtest = LIBTEST_RESULT.exec(line);
    if (libtest) {
      tests.push(testCase(libtest[1]!, libtest[2] === "ok" ? "passed" : libtest[2] === "ignored" ? "skipped" : "failed"));
      continue;
    }
    const nextest = NEXTEST_RESULT.exec(line);
    if (nextest) tests.push(testCase(nextest[3]!, nextest[1] === "PASS" ? "passed" : nextest[1] === "SKIP" ? "skipped" : "failed"));
  }
  return tests;
}

/** go test's `--- PASS: TestAdd (0.00s)` lines (every test with -v, only failures without it). */
function parseGo(lines: string[]): TestCase[] {
  return lines.flatMap((line) => {
    const match = GO_RESULT.exec(line);
    return match ? [testCase(match[2]!, match[1] === "PASS" ? "passed" : match[1] === "SKIP" ? "skipped" : "failed")] : [];
  });
}

const WORST: TestStatus[] = ["errored", "failed", "skipped", "passed"];

/**
 * Printed output repeats a test (pytest's summary lists a failure again, without the verbose line's file
 * parts): one entry per identity there, the worse status winning. Structured reports are never merged.
 */
function deduplicate(tests: TestCase[]): TestCase[] {
  const byKey = new Map<string, TestCase>();
  for (const test of tests) {
    const seen = byKey.get(test.id);
    if (!seen) {
      byKey.set(test.id, { ...test });
      continue;
    }
    const status = WORST.find((candidate) => candidate === seen.status || candidate === test.status)!;
    seen.status = status;
    seen.passed = status === "passed";
  }
  return [...byKey.values()];
}

/** Per-test results read from the printed output: the last fallback, after structured reports. */
export function parseTestResults(output: string, projectDir = ""): TestResults {
  const lines = plain(output).split(/\r?\n/);
  for (const parse of [(all: string[]) => parseTap(all, projectDir), parsePytest, parseRust, parseGo, parseMarked]) {
    const tests = parse(lines);
    if (tests.length > 0) return resultsFrom("output", deduplicate(tests));
  }
  return resultsFrom("exit-code", []);
}
