import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeRedGate } from "../../src/gates/red-gate.js";
import { parseTestResults, resultsFrom, testCase } from "../../src/gates/test-results.js";
import { isTestFile } from "../../src/domain/test-files.js";

let dir: string;

/** Runs node --test for real in the temp project and returns its output and exit code. */
function nodeTest(reporter: "tap" | "spec"): { output: string; exitCode: number } {
  try {
    const output = execFileSync(process.execPath, ["--test", `--test-reporter=${reporter}`], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    return { output, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; status: number };
    return { output: failed.stdout + failed.stderr, exitCode: failed.status };
  }
}

const OLD_TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("old behaviour", () => assert.equal(1, 1));\n`;
const NEW_TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("adds two numbers", () => assert.equal(1 + 1, 3));\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-red-"));
  await mkdir(join(dir, "test"));
  await writeFile(join(dir, "package.json"), `{"type":"module"}`);
  await writeFile(join(dir, "test/old.test.js"), OLD_TEST);
  await writeFile(join(dir, "test/add.test.js"), NEW_TEST);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("test result parsing with real node --test runs", () => {
  it.each(["tap", "spec"] as const)("reads pass and fail per test from the %s reporter", (reporter) => {
    const run = nodeTest(reporter);
    const results = parseTestResults(run.output);
    expect(results.reported).toBe(true);
    expect(results.tests.find((test) => test.name === "adds two numbers")?.passed).toBe(false);
    expect(results.tests.find((test) => test.name === "old behaviour")?.passed).toBe(true);
  });

  it("reads vitest verbose and pytest lines", () => {
    const vitest = parseTestResults(" ✓ test/a.test.ts > calc > adds 2ms\n × test/a.test.ts > calc > divides 3ms\n");
    expect(vitest.tests).toEqual([
      { name: "calc > adds", id: "test/a.test.ts::calc > adds", status: "passed", passed: true, file: "test/a.test.ts" },
      { name: "calc > divides", id: "test/a.test.ts::calc > divides", status: "failed", passed: false, file: "test/a.test.ts" },
    ]);
    const pytest = parseTestResults("test_calc.py::test_add PASSED [50%]\nFAILED test_calc.py::test_div - assert 1 == 2\n");
    expect(pytest.tests).toEqual([
      { name: "test_add", id: "test_calc.py::test_add", status: "passed", passed: true, file: "test_calc.py" },
      { name: "test_div", id: "test_calc.py::test_div", status: "failed", passed: false, file: "test_calc.py" },
    ]);
  });

  it("says when the output has no per-test results", () => {
    expect(parseTestResults("Error: something broke\n")).toEqual({ evidence: "exit-code", reported: false, tests: [] });
  });
});

describe("red gate", () => {
  const texts = { "test/add.test.js": NEW_TEST };

  it("passes when the new tests fail", () => {
    const run = nodeTest("tap");
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: run.exitCode, results: parseTestResults(run.output), files: texts, existing: [] });
    expect(verdict.passed).toBe(true);
    expect(verdict.newTests.map((test) => test.name)).toEqual(["adds two numbers"]);
  });

  it("rejects when QA wrote no test files", () => {
    const verdict = judgeRedGate({ testFiles: [], exitCode: 1, results: resultsFrom("exit-code", []), files: {}, existing: [] });
    expect(verdict).toMatchObject({ passed: false, reason: "no test files were created or changed" });
  });

  it("rejects new tests that already pass", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "passed")]);
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 0, results, files: texts, existing: [] });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/already pass/);
  });

  it("rejects a failing run whose failures are not the new tests", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "passed"), testCase("old behaviour", "failed")]);
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, files: texts, existing: [] });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/only old behaviour fail/);
  });

  it("rejects a failing run where some new tests already pass, naming them", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "failed"), testCase("adds zero", "passed")]);
    const both = { "test/add.test.js": `${NEW_TEST}test("adds zero", () => {});\n` };
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, files: both, existing: [] });
    expect(verdict).toMatchObject({ passed: false, reason: "new tests already pass, so they do not test the requirement: test/add.test.js::adds zero" });
  });

  it("does not count earlier requirements' tests in the same file as new", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "failed"), testCase("old behaviour", "passed")]);
    const shared = { "test/add.test.js": `${NEW_TEST}${OLD_TEST}` };
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, files: shared, existing: ["test/add.test.js::old behaviour"] });
    expect(verdict).toMatchObject({ passed: true, reason: "1 new test(s) fail" });
    expect(verdict.newTests.map((test) => test.name)).toEqual(["adds two numbers"]);
  });

  it("never charges a test of another file to QA's file, whatever words QA's file holds", () => {
    // pytest's test_strip (another module) and vitest's "true" (another file) against QA's file that mentions both.
    const results = resultsFrom("report", [testCase("test_strip", "failed", { file: "tests/test_other.py" }), testCase("true", "failed", { file: "test/other.test.ts" })]);
    const qa = { "tests/test_text.py": 'def test_strip_ansi():\n    assert strip("true")\n' };
    const verdict = judgeRedGate({ testFiles: ["tests/test_text.py"], exitCode: 1, results, files: qa, existing: [] });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/^the failures do not include new tests in tests\/test_text.py/);
  });

  it("takes the tests there before QA from the identities collected, so an extended file's old tests are not new", () => {
    const results = resultsFrom("report", [
      testCase("test_strip_ansi", "passed", { file: "tests/test_text.py" }),
      testCase("test_wrap", "failed", { file: "tests/test_text.py" }),
      testCase("withQuery > / with {}", "passed", { file: "test/url.test.ts" }),
    ]);
    const verdict = judgeRedGate({ testFiles: ["tests/test_text.py", "test/url.test.ts"], exitCode: 1, results, files: {}, existing: ["tests/test_text.py::test_strip_ansi", "test/url.test.ts::withQuery > / with {}"] });
    expect(verdict).toMatchObject({ passed: true, names: ["tests/test_text.py::test_wrap"] });
  });

  it("refuses two new tests with one identity, and keeps same-named tests of two files apart", () => {
    const twice = resultsFrom("report", [testCase("works", "failed", { file: "test/a.test.js" }), testCase("works", "failed", { file: "test/a.test.js" })]);
    expect(judgeRedGate({ testFiles: ["test/a.test.js"], exitCode: 1, results: twice, files: {}, existing: [] }).reason).toMatch(/share one identity.*test\/a.test.js::works/);
    const apart = resultsFrom("report", [testCase("works", "failed", { file: "test/a.test.js" }), testCase("works", "passed", { file: "test/b.test.js" })]);
    expect(judgeRedGate({ testFiles: ["test/a.test.js"], exitCode: 1, results: apart, files: {}, existing: [] })).toMatchObject({ passed: true, names: ["test/a.test.js::works"] });
  });

  it("demands by name the test functions of a Python file that could not be collected yet", () => {
    const results = resultsFrom("report", [testCase("tests.test_calc", "errored", { file: "tests/test_calc.py", fileLevel: true })]);
    const text = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\nclass TestMore:\n    def test_zero(self):\n        assert add(0, 0) == 0\n";
    const verdict = judgeRedGate({ testFiles: ["tests/test_calc.py"], exitCode: 2, results, files: { "tests/test_calc.py": text }, existing: [] });
    expect(verdict).toMatchObject({ passed: true, names: ["tests/test_calc.py::test_add", "tests/test_calc.py::TestMore::test_zero"] });
  });

  it("refuses a failing run that left no report greenlight asked for: it names no test", () => {
    const results = { ...resultsFrom("exit-code", []), missingReports: ["pytest"] };
    const verdict = judgeRedGate({ testFiles: ["test_add.py"], exitCode: 1, results, files: {}, existing: [] });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/^no evidence: greenlight asked pytest for its report and none came back/);
  });

  it("recognises test files by the runners' conventions", () => {
    expect(["test/a.js", "src/a.test.ts", "tests/test_x.py", "pkg/x_test.go", "src/calc.js"].map(isTestFile)).toEqual([true, true, true, true, false]);
  });
});
