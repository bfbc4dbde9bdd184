import { describe, expect, it } from "vitest";
import { baselineView, codeFingerprint, compareWithBaseline, knownFailuresAfter, recordBaseline } from "../../src/gates/baseline.js";
import { environmentFailure } from "../../src/gates/environment-failure.js";
import type { GateExecution } from "../../src/gates/gate-runner.js";
import { judgeGreenLedger, type LedgerInput } from "../../src/gates/test-ledger.js";
import { testCase, type TestCase, type TestResults } from "../../src/gates/test-results.js";

const as = (status: TestCase["status"], name: string): TestCase => testCase(name, status);
const named = (...tests: TestCase[]): TestResults => ({ reported: true, evidence: "report", tests });
const SOURCE = { at: "2026-12-07T10:00:00.000Z", gate: "red" as const, requirement: "REQ-001", code: "c0de" };
const BEFORE = recordBaseline(named(as("passed", "keeps cents"), as("failed", "rounds half up"), as("passed", "adds")), SOURCE, undefined, new Set(["adds"]));
const ADD = { requirement: "REQ-001", files: ["test/add.test.js"], names: ["adds"] };
const ledger = (over: Partial<LedgerInput>) => judgeGreenLedger({ exitCode: 1, results: named(), locked: [ADD], texts: {}, previouslyPassed: [], baseline: baselineView(BEFORE)!, ...over });

describe("the baseline", () => {
  it("records every named test's state but QA's new ones, keeping when a failure was first seen", () => {
    expect(BEFORE).toEqual({ ...SOURCE, passed: ["keeps cents"], failing: [{ test: "rounds half up", since: SOURCE.at }] });
    const later = recordBaseline(named(as("failed", "rounds half up"), as("passed", "keeps cents"), as("passed", "adds")), { ...SOURCE, at: "2026-12-07T11:00:00.000Z", gate: "green" }, BEFORE);
    expect(later.failing).toEqual([{ test: "rounds half up", since: SOURCE.at }]);
    expect(later.passed).toEqual(["adds", "keeps cents"]);
  });

  it("tells known failures, regressions and fixed tests apart, and records a fixed one on the row", () => {
    const now = compareWithBaseline(BEFORE, named(as("failed", "keeps cents"), as("failed", "rounds half up")));
    expect(now).toEqual({ knownFailing: ["rounds half up"], regressions: ["keeps cents"], fixed: [] });
    const fixed = compareWithBaseline(BEFORE, named(as("passed", "rounds half up")));
    const row = knownFailuresAfter(knownFailuresAfter(undefined, BEFORE, now, "t1"), BEFORE, fixed, "t2");
    expect(row).toEqual([{ test: "rounds half up", since: SOURCE.at, fixedAt: "t2" }]);
  });

  it("fingerprints only the code: a changed test file is the same code", () => {
    expect(codeFingerprint({ "src/a.js": "1", "test/a.test.js": "x" })).toBe(codeFingerprint({ "src/a.js": "1", "test/a.test.js": "y" }));
    expect(codeFingerprint({ "src/a.js": "1" })).not.toBe(codeFingerprint({ "src/a.js": "2" }));
  });
});

describe("the green gate's ledger against the baseline", () => {
  it("passes a non-zero exit whose only failure failed before this work, and never counts it as passed", () => {
    const verdict = ledger({ results: named(as("passed", "adds"), as("passed", "keeps cents"), as("failed", "rounds half up")) });
    expect(verdict).toMatchObject({ passed: true, knownFailing: ["rounds half up"], passedNames: ["adds", "keeps cents"] });
    expect(verdict.reason).toBe('2 passed by name, 1 failing before this work, not counted as passed: "rounds half up" (report)');
  });

  it("refuses a regression by name, and a non-zero exit that no failure in the report explains", () => {
    expect(ledger({ results: named(as("passed", "adds"), as("failed", "keeps cents"), as("failed", "rounds half up")) }).reason).toBe('exit 1; regression (passed before this work, fails now): "keeps cents"');
    expect(ledger({ results: named(as("passed", "adds"), as("passed", "keeps cents")) }).reason).toBe("exit 1");
  });

  it("passes a test confirmed flaky (failed, passed on re-run), and says so", () => {
    const verdict = ledger({ results: named(as("failed", "adds"), as("passed", "keeps cents"), as("failed", "rounds half up")), flaky: new Set(["adds"]) });
    expect(verdict.passed).toBe(true);
    expect(verdict.reason).toMatch(/flaky \(failed, then passed on re-run\): "adds"/);
  });
});

describe("environment failures", () => {
  const execution = (over: Partial<GateExecution["run"]>, extra: Partial<GateExecution> = {}): GateExecution => ({
    run: { command: "npm test", exitCode: 1, at: SOURCE.at, durationMs: 1, summary: "", ...over },
    results: named(),
    outputTail: "",
    aborted: false,
    ...extra,
  });
  it("are timeouts, out of memory and commands that could not start, never an honest failure", () => {
    expect(environmentFailure(execution({}, { timedOut: true }))).toBe("environment failure: the test run timed out (greenlight.json gateTimeout)");
    expect(environmentFailure(execution({ exitCode: 134 }, { outputTail: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory" }))).toMatch(/out of memory/);
    expect(environmentFailure(execution({ exitCode: 127 }, { environment: "environment failure: the test command could not run a program (exit 127)" }))).toMatch(/could not run a program/);
    expect(environmentFailure(execution({ exitCode: 1 }, { results: named(as("failed", "adds")) }))).toBeUndefined();
  });
});
