import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runTestCommand } from "../../../src/gates/gate-runner.js";
import { spawnRunner } from "../../support/spawn-runner.js";

/** Gate runs get per-test results from reports greenlight asks for, while the person's command stays theirs. */

const REPO = resolve(import.meta.dirname, "../../..");
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-gate-report-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const gate = (command: string, extra: { testReport?: string; env?: Record<string, string> } = {}) =>
  runTestCommand(spawnRunner, command, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", ...extra.env },
    signal: new AbortController().signal,
    ...(extra.testReport ? { testReport: extra.testReport } : {}),
  });

const named = (results: { tests: Array<{ name: string; status: string }> }) => results.tests.map((test) => `${test.name}: ${test.status}`).sort();

const NODE_TESTS = {
  "test/calc.test.js": `import { test } from "node:test";\nimport assert from "node:assert";\ntest("adds", () => {});\ntest("divides", () => assert.equal(1, 2));\n`,
  "test/more.test.js": `import { test } from "node:test";\ntest("subtracts", () => {});\n`,
};
const PY_TESTS = { "tests/test_calc.py": "def test_add():\n    assert 1 + 1 == 2\n\ndef test_div():\n    assert 1 / 1 == 2\n" };

describe("node --test behind npm test", () => {
  it("reads node's report when the script names its test files (flags appended to it would be taken for files)", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test test/" } }), ...NODE_TESTS });
    const run = await gate("npm test");
    expect(run.run.command).toBe("npm test");
    expect(run.results.evidence).toBe("report");
    expect(named(run.results)).toEqual(["adds: passed", "divides: failed", "subtracts: passed"]);
    expect(run.run.summary).toBe("2 passed, 1 failed");
    // The person still sees node's own readable output.
    expect(run.outputTail).toMatch(/✖ divides/);
  });

  it("reads it when node --test runs after another step and the person's NODE_OPTIONS stays in force", async () => {
    await files({
      "package.json": JSON.stringify({ type: "module", scripts: { build: "node -e \"\"", test: "npm run build --silent && node --test" } }),
      "test/env.test.js": `import { test } from "node:test";\nimport assert from "node:assert";\ntest("keeps the person's options", () => assert.match(process.env.NODE_OPTIONS, /--no-deprecation/));\n`,
    });
    const run = await gate("npm test", { env: { NODE_OPTIONS: "--no-deprecation" } });
    expect(run.results.evidence).toBe("report");
    expect(named(run.results)).toEqual(["keeps the person's options: passed"]);
  });

  it("names a test file that exits at import as a file that ran no test, not as a pass", async () => {
    await files({
      "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test" } }),
      "src/calc.js": "process.exit(0);\nexport const add = (a, b) => a + b;\n",
      "test/calc.test.js": `import { add } from "../src/calc.js";\nimport { test } from "node:test";\ntest("adds", () => add(1, 2));\n`,
    });
    const run = await gate("npm test");
    expect(run.run.exitCode).toBe(0);
    expect(run.results.evidence).toBe("report");
    expect(run.results.tests).toEqual([expect.objectContaining({ name: "test/calc.test.js", fileLevel: true, passed: false })]);
    expect(run.run.summary).toBe("0 passed, 0 failed, 1 file(s) ran no test");
  });

  it("leaves reporters the person chose alone and reads their output instead", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test --test-reporter=tap" } }), ...NODE_TESTS });
    const run = await gate("npm test");
    expect(run.results.evidence).toBe("output");
    expect(named(run.results)).toEqual(["adds: passed", "divides: failed", "subtracts: passed"]);
  });
});

describe("pytest however it is started", () => {
  it.each([
    ["python3 -m pytest -p no:cacheprovider", {}],
    ["make test", { Makefile: "test:\n\tpython3 -m pytest -q -p no:cacheprovider\n" }],
    ["sh run-tests.sh", { "run-tests.sh": "cd tests && python3 -m pytest -p no:cacheprovider \"$@\"\n" }],
  ])("reads pytest's report through `%s`, whose recorded command is unchanged", async (command, extra) => {
    await files({ ...PY_TESTS, ...extra });
    const run = await gate(command);
    expect(run.run.command).toBe(command);
    // make reports a failed recipe as 2.
    expect(run.run.exitCode).not.toBe(0);
    expect(run.results.evidence).toBe("report");
    expect(named(run.results)).toEqual(["test_add: passed", "test_div: failed"]);
  });

  it("has no evidence when pytest dies before writing its report, and names the runner whose report never came back", async () => {
    await files({ "tests/test_calc.py": "import os\nos._exit(0)\n\ndef test_add():\n    pass\n" });
    const run = await gate("python3 -m pytest -q -p no:cacheprovider");
    expect(run.run.exitCode).toBe(0);
    expect(run.results).toEqual({ evidence: "exit-code", reported: false, tests: [], missingReports: ["pytest"] });
    expect(run.run.evidence).toBe("exit-code");
    expect(run.run.summary).toBe("exit 0, exit code only: no test was named; no pytest report came back (or an empty one): no evidence that its tests ran");
  });
});

describe("vitest behind npm test", () => {
  beforeEach(async () => {
    await files({
      "test/calc.test.js": `import { test, expect } from "vitest";\ntest("adds", () => expect(2).toBe(2));\ntest("divides", () => expect(1).toBe(2));\n`,
    });
    await symlink(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  });

  it("appends its reporter flags through npm, keeping the default reporter's output", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "vitest run" } }) });
    const run = await gate("npm test");
    expect(run.run.command).toBe("npm test");
    expect(run.results.evidence).toBe("report");
    expect(run.results.tests.map((test) => [test.name, test.status, test.file])).toEqual([
      ["adds", "passed", "test/calc.test.js"],
      ["divides", "failed", "test/calc.test.js"],
    ]);
    expect(run.outputTail).toMatch(/1 failed/);
  });

  it("does not append to a script whose last command is not vitest, and reads the output instead", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "vitest run || true" } }) });
    const run = await gate("npm test");
    expect(run.run.exitCode).toBe(0);
    expect(run.results.evidence).toBe("output");
  });
});

describe("other runners", () => {
  it("reads the JUnit file greenlight.json names, written by the command itself during the run", async () => {
    await files({
      "write-report.js": `require("fs").mkdirSync("out", { recursive: true });\nrequire("fs").writeFileSync("out/junit.xml", '<testsuites><testsuite name="s"><testcase classname="Calc" name="adds"/><testcase classname="Calc" name="divides"><failure message="no"/></testcase></testsuite></testsuites>');\nprocess.exit(1);\n`,
    });
    const run = await gate("node write-report.js", { testReport: "out/junit.xml" });
    expect(run.results.evidence).toBe("report");
    expect(named(run.results)).toEqual(["adds: passed", "divides: failed"]);
  });

  it("ignores a named JUnit file left from before the run", async () => {
    await files({ "out/junit.xml": '<testsuites><testsuite name="s"><testcase classname="Calc" name="adds"/></testsuite></testsuites>' });
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, "out/junit.xml"), old, old);
    const run = await gate("node -e \"\"", { testReport: "out/junit.xml" });
    expect(run.results.evidence).toBe("exit-code");
  });

  it("gives exit-code-only evidence for a command that names no test", async () => {
    const run = await gate("node -e \"console.log('all good')\"");
    expect(run.run.evidence).toBe("exit-code");
    expect(run.results.reported).toBe(false);
  });
});

describe("the report folder", () => {
  it("lies outside the project and is gone after the run", async () => {
    await files({ "print.js": "console.log('REPORT=' + process.env.PYTEST_ADDOPTS);\n" });
    const run = await gate("node print.js");
    const path = /REPORT=--junitxml=(\S+)/.exec(run.outputTail)![1]!;
    expect(path.startsWith(dir)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
    expect(await readdir(dir)).toEqual(["print.js"]);
  });
});

describe("evidence a run cannot skip by exiting", () => {
  it("does not expect a pytest report from a command that may or may not run pytest (make)", async () => {
    await files({ Makefile: "test:\n\ttrue\n" });
    const run = await gate("make test");
    expect(run.results.missingReports).toBeUndefined();
    expect(run.results.evidence).toBe("exit-code");
  });

  it("calls a program the shell cannot find (exit 127) an environment failure", async () => {
    await files({ "package.json": JSON.stringify({ scripts: { test: "pnpm-that-is-not-here test" } }) });
    const run = await gate("npm test");
    expect(run.run.exitCode).toBe(127);
    expect(run.environment).toMatch(/^environment failure: the test command could not run a program \(exit 127\): .*pnpm-that-is-not-here.*not found/);
    const failing = await gate("node -e 'process.exit(1)'");
    expect(failing.environment).toBeUndefined();
  });
});
