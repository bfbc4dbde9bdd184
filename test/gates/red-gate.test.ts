import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeRedGate, testsNamedIn } from "../../src/gates/red-gate.js";
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
      { name: "calc > adds", status: "passed", passed: true, file: "test/a.test.ts" },
      { name: "calc > divides", status: "failed", passed: false, file: "test/a.test.ts" },
    ]);
    const pytest = parseTestResults("test_calc.py::test_add PASSED [50%]\nFAILED test_calc.py::test_div - assert 1 == 2\n");
    expect(pytest.tests).toEqual([
      { name: "test_add", status: "passed", passed: true, file: "test_calc.py" },
      { name: "test_div", status: "failed", passed: false, file: "test_calc.py" },
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
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: run.exitCode, results: parseTestResults(run.output), testFileTexts: texts, knownTestNames: new Set() });
    expect(verdict.passed).toBe(true);
    expect(verdict.newTests.map((test) => test.name)).toEqual(["adds two numbers"]);
  });

  it("rejects when QA wrote no test files", () => {
    const verdict = judgeRedGate({ testFiles: [], exitCode: 1, results: resultsFrom("exit-code", []), testFileTexts: {}, knownTestNames: new Set() });
    expect(verdict).toMatchObject({ passed: false, reason: "no test files were created or changed" });
  });

  it("rejects new tests that already pass", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "passed")]);
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 0, results, testFileTexts: texts, knownTestNames: new Set() });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/already pass/);
  });

  it("rejects a failing run whose failures are not the new tests", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "passed"), testCase("old behaviour", "failed")]);
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, testFileTexts: texts, knownTestNames: new Set() });
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/only old behaviour fail/);
  });

  it("rejects a failing run where some new tests already pass, naming them", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "failed"), testCase("adds zero", "passed")]);
    const both = { "test/add.test.js": `${NEW_TEST}test("adds zero", () => {});\n` };
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, testFileTexts: both, knownTestNames: new Set() });
    expect(verdict).toMatchObject({ passed: false, reason: "new tests already pass, so they do not test the requirement: adds zero" });
  });

  it("does not count earlier requirements' tests in the same file as new", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "failed"), testCase("old behaviour", "passed")]);
    const shared = { "test/add.test.js": `${NEW_TEST}${OLD_TEST}` };
    const verdict = judgeRedGate({ testFiles: ["test/add.test.js"], exitCode: 1, results, testFileTexts: shared, knownTestNames: new Set(["old behaviour"]) });
    expect(verdict).toMatchObject({ passed: true, reason: "1 new test(s) fail" });
    expect(verdict.newTests.map((test) => test.name)).toEqual(["adds two numbers"]);
  });

  it("finds the tests that existed when the requirement started by their quoted names", () => {
    const results = resultsFrom("output", [testCase("adds two numbers", "failed"), testCase("old behaviour", "passed"), testCase("test/x.test.js", "failed")]);
    expect(testsNamedIn(results, { "test/add.test.js": OLD_TEST }).map((test) => test.name)).toEqual(["old behaviour"]);
    expect(testsNamedIn(results, { "test/add.test.js": "// mentions old behaviour without quotes" })).toEqual([]);
  });

  it("recognises test files by the runners' conventions", () => {
    expect(["test/a.js", "src/a.test.ts", "tests/test_x.py", "pkg/x_test.go", "src/calc.js"].map(isTestFile)).toEqual([true, true, true, true, false]);
  });
});
