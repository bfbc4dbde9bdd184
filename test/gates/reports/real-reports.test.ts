import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJunit } from "../../../src/gates/reports/junit-reader.js";
import { MOCHA_REPORTER, readMochaJson } from "../../../src/gates/reports/mocha-json-reader.js";
import { NODE_EVENTS_REPORTER, readNodeEvents } from "../../../src/gates/reports/node-events-reader.js";
import { parseTestResults } from "../../../src/gates/test-results.js";

/** Reports written by the real runners in temp projects, read back. */

const REPO = resolve(import.meta.dirname, "../../..");
let dir: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-report-project-"));
  out = await mkdtemp(join(tmpdir(), "greenlight-report-out-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}): number | null {
  const result = spawnSync(command, args, { cwd: dir, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
  return result.status;
}

/** The fields compared, in name order (JUnit nesting groups a suite's tests apart from the tests around it). */
const pick = (tests: Array<{ name: string; status: string; file?: string; fileLevel?: boolean }>) =>
  [...tests].sort((a, b) => a.name.localeCompare(b.name)).map((test) => ({ name: test.name, status: test.status, ...(test.file ? { file: test.file } : {}), ...(test.fileLevel ? { fileLevel: true } : {}) }));

describe("node --test's events (greenlight's reporter)", () => {
  it("names passed, failed, skipped and nested tests with their file and suite path, and a file that exits early or fails to load as a file-level entry, never a pass", async () => {
    await files({
      "package.json": `{"type":"module"}`,
      "src/exits.js": "process.exit(0);\n",
      "test/calc.test.js": [
        `import { test, describe } from "node:test";`,
        `import assert from "node:assert";`,
        `test("adds", () => assert.equal(1 + 1, 2));`,
        `test("divides", () => assert.equal(1 / 1, 2));`,
        `test("later", { skip: true }, () => {});`,
        `test("someday", { todo: true }, () => {});`,
        `describe("calc", () => { test("nested adds", () => {}); });`,
      ].join("\n"),
      "test/exits.test.js": `import "../src/exits.js";\nimport { test } from "node:test";\ntest("never runs", () => {});\n`,
      "test/missing.test.js": `import "../src/nope.js";\nimport { test } from "node:test";\ntest("never runs either", () => {});\n`,
    });
    const report = join(out, "node.jsonl");
    const reporter = join(out, "node-events.mjs");
    await writeFile(reporter, NODE_EVENTS_REPORTER);
    expect(run(process.execPath, ["--test", `--test-reporter=${reporter}`, `--test-reporter-destination=${report}`])).toBe(1);
    const tests = readNodeEvents(await readFile(report, "utf8"), dir);
    const calc = { file: "test/calc.test.js" };
    expect(pick(tests)).toEqual([
      { name: "adds", status: "passed", ...calc },
      { name: "calc > nested adds", status: "passed", ...calc },
      { name: "divides", status: "failed", ...calc },
      { name: "later", status: "skipped", ...calc },
      { name: "someday", status: "skipped", ...calc },
      { name: "test/exits.test.js", status: "skipped", file: "test/exits.test.js", fileLevel: true },
      { name: "test/missing.test.js", status: "errored", file: "test/missing.test.js", fileLevel: true },
    ]);
    expect(tests.filter((test) => test.passed).map((test) => test.id).sort()).toEqual(["test/calc.test.js::adds", "test/calc.test.js::calc > nested adds"]);
  });
});

describe("mocha through greenlight's reporter", () => {
  it("prints mocha's spec output and reports each test by file and title path, a failing hook as an errored entry", async () => {
    await files({
      "package.json": `{"type":"module"}`,
      "test/routes.spec.js": [
        `import assert from "node:assert";`,
        `describe("routes", () => { it("should redirect to /users", () => assert.equal(1, 2)); it("works", () => {}); it.skip("later", () => {}); });`,
        `describe("hooks", () => { before(() => { throw new Error("setup broke"); }); it("never", () => {}); });`,
      ].join("\n"),
    });
    await symlink(join(REPO, "node_modules"), join(dir, "node_modules"));
    const reporter = join(out, "mocha-reporter.cjs");
    const report = join(out, "mocha.json");
    await writeFile(reporter, MOCHA_REPORTER);
    const result = spawnSync(join(dir, "node_modules/.bin/mocha"), [`--reporter=${reporter}`, `--reporter-option=output=${report}`, "test/*.spec.js"], { cwd: dir, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/1\) should redirect to \/users[\s\S]*AssertionError/);
    const route = { file: "test/routes.spec.js" };
    expect(pick(readMochaJson(await readFile(report, "utf8"), dir))).toEqual([
      { name: 'hooks > "before all" hook for "never"', status: "errored", ...route },
      { name: "routes > later", status: "skipped", ...route },
      { name: "routes > should redirect to /users", status: "failed", ...route },
      { name: "routes > works", status: "passed", ...route },
    ]);
  });
});

describe("mocha through greenlight's reporter, a spec that cannot load", () => {
  it("reports the spec file mocha was loading as a whole-file failure (mocha runs nothing then)", async () => {
    await files({ "package.json": `{"type":"module"}`, "src/app.js": "export const version = 1;\n", "test/routes.spec.js": `import { route } from "../src/app.js";\nit("routes", () => route());\n` });
    await symlink(join(REPO, "node_modules"), join(dir, "node_modules"));
    const reporter = join(out, "mocha-reporter.cjs");
    const report = join(out, "mocha.json");
    await writeFile(reporter, MOCHA_REPORTER);
    const result = spawnSync(join(dir, "node_modules/.bin/mocha"), [`--reporter=${reporter}`, `--reporter-option=output=${report}`, "test/*.spec.js"], { cwd: dir, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(pick(readMochaJson(await readFile(report, "utf8"), dir))).toEqual([{ name: "test/routes.spec.js", status: "errored", file: "test/routes.spec.js", fileLevel: true }]);
  });
});

describe("vitest's JUnit report", () => {
  it("names tests with their file, and a file that fails to load or calls process.exit as a file-level failure", async () => {
    await files({
      "package.json": `{"type":"module"}`,
      "src/exits.js": "process.exit(0);\n",
      "test/calc.test.js": [
        `import { test, describe, expect } from "vitest";`,
        `test("adds", () => expect(1 + 1).toBe(2));`,
        `test("divides", () => expect(1 / 1).toBe(2));`,
        `test.skip("later", () => {});`,
        `test.todo("someday");`,
        `describe("calc", () => { test("nested adds", () => {}); });`,
      ].join("\n"),
      "test/exits.test.js": `import "../src/exits.js";\nimport { test } from "vitest";\ntest("never runs", () => {});\n`,
      "test/missing.test.js": `import "../src/nope.js";\nimport { test } from "vitest";\ntest("never runs either", () => {});\n`,
    });
    await symlink(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    const report = join(out, "vitest.xml");
    expect(run(join(dir, "node_modules/.bin/vitest"), ["run", "--reporter=junit", `--outputFile.junit=${report}`])).toBe(1);
    const tests = pick(readJunit(await readFile(report, "utf8"), "vitest", dir));
    expect(tests.filter((test) => !test.fileLevel)).toEqual([
      { name: "adds", status: "passed", file: "test/calc.test.js" },
      { name: "calc > nested adds", status: "passed", file: "test/calc.test.js" },
      { name: "divides", status: "failed", file: "test/calc.test.js" },
      { name: "later", status: "skipped", file: "test/calc.test.js" },
      { name: "someday", status: "skipped", file: "test/calc.test.js" },
    ]);
    expect(tests.filter((test) => test.fileLevel)).toEqual(
      expect.arrayContaining([
        { name: "test/exits.test.js", status: "failed", file: "test/exits.test.js", fileLevel: true },
        { name: "test/missing.test.js", status: "failed", file: "test/missing.test.js", fileLevel: true },
      ]),
    );
  });
});

describe("pytest's JUnit report", () => {
  const pytest = (report: string) => run("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider"], { PYTEST_ADDOPTS: `--junitxml=${report}` });

  it("names tests by function (class::function in a class) with their file; failures, skips and fixture errors apart", async () => {
    await files({
      "tests/__init__.py": "",
      "tests/test_calc.py": [
        "import pytest",
        "def test_add(): assert 1 + 1 == 2",
        "def test_div(): assert 1 / 1 == 2",
        "@pytest.mark.skip(reason='later')",
        "def test_later(): pass",
        "class TestGroup:",
        "    def test_in_class(self): pass",
        "@pytest.mark.parametrize('x', [1, 2])",
        "def test_param(x): assert x",
        "@pytest.fixture",
        "def broken(): raise RuntimeError('boom')",
        "def test_with_broken_fixture(broken): pass",
      ].join("\n"),
    });
    const report = join(out, "pytest.xml");
    expect(pytest(report)).toBe(1);
    expect(pick(readJunit(await readFile(report, "utf8"), "pytest", dir))).toEqual([
      { name: "test_add", status: "passed", file: "tests/test_calc.py" },
      { name: "test_div", status: "failed", file: "tests/test_calc.py" },
      { name: "test_later", status: "skipped", file: "tests/test_calc.py" },
      { name: "test_param[1]", status: "passed", file: "tests/test_calc.py" },
      { name: "test_param[2]", status: "passed", file: "tests/test_calc.py" },
      { name: "test_with_broken_fixture", status: "errored", file: "tests/test_calc.py" },
      { name: "TestGroup::test_in_class", status: "passed", file: "tests/test_calc.py" },
    ]);
  });

  it("reads a collection error (a module that does not exist yet) as an errored file-level entry", async () => {
    await files({ "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n", "tests/test_other.py": "def test_other(): pass\n" });
    const report = join(out, "pytest.xml");
    expect(pytest(report)).toBe(2);
    expect(pick(readJunit(await readFile(report, "utf8"), "pytest", dir))).toEqual([{ name: "tests.test_calc", status: "errored", file: "tests/test_calc.py", fileLevel: true }]);
  });

  it("reads every test as skipped when a conftest.py skips everything (exit 0, nothing passed)", async () => {
    await files({
      "conftest.py": "import pytest\n\ndef pytest_collection_modifyitems(config, items):\n    for item in items:\n        item.add_marker(pytest.mark.skip(reason='off'))\n",
      "test_calc.py": "def test_add(): assert 1 + 1 == 2\ndef test_sub(): assert 1 - 1 == 0\n",
    });
    const report = join(out, "pytest.xml");
    expect(pytest(report)).toBe(0);
    const tests = readJunit(await readFile(report, "utf8"), "pytest", dir);
    expect(pick(tests)).toEqual([
      { name: "test_add", status: "skipped", file: "test_calc.py" },
      { name: "test_sub", status: "skipped", file: "test_calc.py" },
    ]);
    expect(tests.some((test) => test.passed)).toBe(false);
  });
});

describe("cargo test's output", () => {
  const hasCargo = spawnSync("cargo", ["--version"]).status === 0;

  // Stable cargo test writes no report; its libtest lines are the evidence.
  it.skipIf(!hasCargo)("is read line by line: passed, failed and ignored tests by their path", async () => {
    await files({
      "Cargo.toml": `[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n`,
      "src/lib.rs": [
        "pub fn add(a: i32, b: i32) -> i32 { a + b }",
        "#[cfg(test)]",
        "mod tests {",
        "    use super::*;",
        "    #[test] fn adds() { assert_eq!(add(1, 1), 2); }",
        "    #[test] fn divides() { assert_eq!(add(1, 1), 3); }",
        "    #[test] #[ignore] fn later() {}",
        "}",
      ].join("\n"),
    });
    const result = spawnSync("cargo", ["test", "--offline"], { cwd: dir, env: { ...process.env, CARGO_TARGET_DIR: join(out, "target") }, encoding: "utf8" });
    expect(result.status).toBe(101);
    const results = parseTestResults(result.stdout + result.stderr);
    expect(results.evidence).toBe("output");
    expect(pick(results.tests)).toEqual([
      { name: "tests::adds", status: "passed" },
      { name: "tests::divides", status: "failed" },
      { name: "tests::later", status: "skipped" },
    ]);
  });
});
