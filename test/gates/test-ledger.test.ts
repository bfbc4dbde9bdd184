import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeGreenLedger, type LedgerInput } from "../../src/gates/test-ledger.js";
import { parseTestResults, testCase, type TestCase, type TestResults } from "../../src/gates/test-results.js";

const passed = (name: string, file?: string): TestCase => testCase(name, "passed", file ? { file } : {});
const as = (status: TestCase["status"], name: string): TestCase => testCase(name, status);
const named = (...tests: TestCase[]): TestResults => ({ reported: true, evidence: "output", tests });
const ADD = { requirement: "REQ-001", files: ["test/add.test.js"], names: ["adds"] };
const SUB = { requirement: "REQ-002", files: ["test/sub.test.js"], names: ["subtracts"] };
const input = (over: Partial<LedgerInput>): LedgerInput => ({ exitCode: 0, results: named(), locked: [SUB, ADD], texts: {}, previouslyPassed: [], ...over });

describe("the green gate's ledger", () => {
  it("passes when every locked test of this and every approved requirement passed by name", () => {
    const verdict = judgeGreenLedger(input({ results: named(passed("adds"), passed("subtracts"), as("skipped", "someday")), previouslyPassed: ["adds"] }));
    expect(verdict).toMatchObject({ passed: true, evidence: "output", passedNames: ["adds", "subtracts"], gamed: false });
    expect(verdict.reason).toBe("2 passed by name, 1 skipped (not locked) (output)");
  });

  it.each([
    ["missing", named(passed("subtracts")), `REQ-001's tests not passed: "adds" (missing)`],
    ["skipped", named(passed("subtracts"), as("skipped", "adds")), `REQ-001's tests not passed: "adds" (skipped)`],
    ["errored", named(passed("subtracts"), as("errored", "adds")), `failing: "adds"; REQ-001's tests not passed: "adds" (errored)`],
  ] as const)("does not count an approved requirement's %s test as passed, even at exit 0", (status, results, reason) => {
    const verdict = judgeGreenLedger(input({ results }));
    expect(verdict).toMatchObject({ passed: false, reason, gamed: true, shortfalls: [{ name: "adds", status, requirement: "REQ-001" }] });
  });

  it("requires a test from the current requirement's files when none was named yet, and takes the ones reported there", () => {
    const current = { requirement: "REQ-002", files: ["test/sub.test.js"], names: [] };
    expect(judgeGreenLedger(input({ locked: [current], results: named(passed("other")) })).shortfalls).toEqual([{ name: "any test in test/sub.test.js", status: "missing", requirement: "REQ-002" }]);
    const verdict = judgeGreenLedger(input({ locked: [current], results: named(passed("subtracts", "test/sub.test.js"), passed("other")) }));
    expect(verdict).toMatchObject({ passed: true, currentNames: ["test/sub.test.js::subtracts"] });
  });

  it("keeps same-named tests of two files apart, refuses a locked identity reported twice, and still reads names recorded before identities", () => {
    const a = { requirement: "REQ-001", files: ["test/a.test.js"], names: ["test/a.test.js::works"] };
    const shadowed = judgeGreenLedger(input({ locked: [a], results: named(testCase("works", "failed", { file: "test/a.test.js" }), passed("works", "test/b.test.js")) }));
    expect(shadowed).toMatchObject({ passed: false, shortfalls: [{ name: "test/a.test.js::works", status: "failed" }] });
    const twice = judgeGreenLedger(input({ locked: [a], results: named(passed("works", "test/a.test.js"), passed("works", "test/a.test.js")) }));
    expect(twice).toMatchObject({ passed: false, shortfalls: [{ name: "test/a.test.js::works", status: "duplicate" }] });
    const legacy = { requirement: "REQ-001", files: ["test/a.test.js"], names: ["works"] };
    const old = judgeGreenLedger(input({ locked: [legacy], results: named(passed("works", "test/a.test.js")), previouslyPassed: ["works"] }));
    expect(old).toMatchObject({ passed: true, currentNames: ["test/a.test.js::works"], passedNames: ["test/a.test.js::works"] });
  });

  it("refuses when a test that passed at the previous green gate is gone (the denominator), and says so", () => {
    const verdict = judgeGreenLedger(input({ results: named(passed("adds"), passed("subtracts")), previouslyPassed: ["adds", "old behaviour"] }));
    expect(verdict).toMatchObject({ passed: false, disappeared: ["old behaviour"], gamed: true });
    expect(verdict.reason).toBe('passed at the previous green gate and not now: "old behaviour"');
  });

  it("treats a failing run as an honest failure, not a gamed one", () => {
    const verdict = judgeGreenLedger(input({ exitCode: 1, results: named(passed("subtracts"), as("failed", "adds")) }));
    expect(verdict).toMatchObject({ passed: false, gamed: false });
    expect(verdict.reason).toMatch(/^exit 1; failing: "adds"; REQ-001's tests not passed: "adds" \(failed\)$/);
  });

  it("falls back to the exit code only when no gate ever named a test, and says the evidence is the exit code", () => {
    const none: TestResults = { reported: false, evidence: "exit-code", tests: [] };
    const unnamed = [{ requirement: "REQ-001", files: ["test/add.test.js"], names: [] }];
    expect(judgeGreenLedger(input({ results: none, locked: unnamed }))).toMatchObject({ passed: true, evidence: "exit-code", reason: "exit 0 (exit code only: the runner reported no per-test results)" });
    expect(judgeGreenLedger(input({ exitCode: 1, results: none, locked: unnamed })).passed).toBe(false);
    const refused = judgeGreenLedger(input({ results: none }));
    expect(refused).toMatchObject({ passed: false, evidence: "exit-code", gamed: true });
    expect(refused.reason).toMatch(/reported no per-test results \(exit 0\), but earlier gates named "subtracts", "adds": they did not run/);
  });

  it("never passes by exit code alone when the locked files hold tests, or when a report greenlight asked for never came back", () => {
    const none: TestResults = { reported: false, evidence: "exit-code", tests: [] };
    const unnamed = [{ requirement: "REQ-001", files: ["test_add.py"], names: [] }];
    const holding = judgeGreenLedger(input({ results: none, locked: unnamed, texts: { "test_add.py": "def test_add():\n    pass\n" } }));
    expect(holding).toMatchObject({ passed: false, gamed: true, shortfalls: [{ name: "any test in test_add.py", status: "missing" }] });
    const missing = judgeGreenLedger(input({ results: { ...none, missingReports: ["pytest"] }, locked: unnamed }));
    expect(missing).toMatchObject({ passed: false, gamed: true });
    expect(missing.reason).toMatch(/^no evidence: greenlight asked pytest for its report and none came back, or an empty one \(exit 0\)/);
  });

  it("refuses a real node --test run whose module exits before its tests: the file 'passes' with no test inside", async () => {
    const dir = await mkdtemp(join(tmpdir(), "greenlight-ledger-"));
    try {
      await mkdir(join(dir, "test"));
      await writeFile(join(dir, "package.json"), '{"type":"module"}');
      await writeFile(join(dir, "calc.js"), "process.exit(0);\nexport const add = (a, b) => a + b;\n");
      await writeFile(join(dir, "test/add.test.js"), 'import { test } from "node:test";\nimport { add } from "../calc.js";\ntest("adds", () => {});\n');
      const output = execFileSync(process.execPath, ["--test", "--test-reporter=tap"], { cwd: dir, encoding: "utf8" });
      const results = parseTestResults(output);
      expect(results.tests).toHaveLength(1);
      expect(results.tests[0]).toMatchObject({ status: "skipped", fileLevel: true });
      const verdict = judgeGreenLedger(input({ results, locked: [ADD], texts: { "test/add.test.js": "" } }));
      expect(verdict).toMatchObject({ passed: false, gamed: true, shortfalls: [{ name: "adds", status: "missing", requirement: "REQ-001" }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
