import { describe, expect, it } from "vitest";
import { changedHarness, harnessDigests, scriptsRunBy } from "../../src/gates/test-harness.js";
import { applyQaWork } from "../../src/gates/test-contract.js";
import type { TraceRow } from "../../src/domain/traceability.js";

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: "p", scripts, ...extra });
const PYPROJECT = '[project]\nname = "calc"\ndependencies = []\n\n[tool.pytest.ini_options]\naddopts = "-v"\n\n[tool.ruff]\nline-length = 100\n';

describe("the test harness", () => {
  it("follows the test command into the npm scripts it runs, with their pre/post scripts", () => {
    const scripts = { test: "npm run lint && npm run unit", unit: "node --test", lint: "eslint .", pretest: "tsc", build: "tsc" };
    expect(scriptsRunBy("npm test", scripts)).toEqual(["lint", "posttest", "postlint", "postunit", "prelint", "pretest", "preunit", "test", "unit"].sort());
    expect(scriptsRunBy("yarn run unit", scripts)).toEqual(["postunit", "preunit", "unit"]);
    expect(scriptsRunBy("node --test", scripts)).toEqual([]);
  });

  it("digests only the parts that decide what runs: dependencies and other tools' settings stay free", () => {
    const files = { "package.json": pkg({ test: "node --test", build: "tsc" }), "pyproject.toml": PYPROJECT, "src/app.js": "", "tests/conftest.py": "" };
    const recorded = harnessDigests(files, "npm test");
    expect(Object.keys(recorded).sort()).toEqual(["package.json#scripts.test", "pyproject.toml#[tool.pytest.ini_options]", "tests/conftest.py"]);
    const free = { ...files, "package.json": pkg({ test: "node --test", build: "tsc -b" }, { dependencies: { zod: "4.0.0" } }), "pyproject.toml": PYPROJECT.replace("dependencies = []", 'dependencies = ["requests"]').replace("100", "120") };
    expect(changedHarness(recorded, harnessDigests(free, "npm test"))).toEqual([]);
  });

  it.each([
    ["a test script ending in || true", { "package.json": pkg({ test: "node --test || true", build: "tsc" }) }, ["package.json#scripts.test"]],
    ["a new pretest script", { "package.json": pkg({ test: "node --test", build: "tsc", pretest: "exit 0" }) }, ["package.json#scripts.pretest"]],
    ["addopts deselecting a test", { "pyproject.toml": PYPROJECT.replace('"-v"', "\"-k 'not req_001'\"") }, ["pyproject.toml#[tool.pytest.ini_options]"]],
    ["pytest settings as dotted keys under [tool]", { "pyproject.toml": `${PYPROJECT}\n[tool]\npytest.ini_options.addopts = "-k nothing"\n` }, ["pyproject.toml#[pytest]"]],
    ["a new conftest.py", { "conftest.py": "import pytest\n" }, ["conftest.py"]],
    ["a deleted conftest.py", { "tests/conftest.py": undefined }, ["tests/conftest.py"]],
    ["a vitest config", { "vitest.config.ts": "export default {}" }, ["vitest.config.ts"]],
    ["a mocha config", { ".mocharc.json": "{}" }, [".mocharc.json"]],
    ["the testCommand in greenlight.json", { "greenlight.json": '{"testCommand":"npm test -- test/a.test.js"}' }, ["greenlight.json#testCommand"]],
    ["a [pytest] section in tox.ini", { "tox.ini": "[tox]\nenvlist = py3\n\n[pytest]\naddopts = -x\n" }, ["tox.ini#[pytest]"]],
  ])("catches %s", (_what, change, parts) => {
    const files: Record<string, string> = { "package.json": pkg({ test: "node --test", build: "tsc" }), "pyproject.toml": PYPROJECT, "tests/conftest.py": "", "greenlight.json": '{"testCommand":"npm test"}' };
    const recorded = harnessDigests(files, "npm test");
    const now = { ...files };
    for (const [file, text] of Object.entries(change)) {
      if (text === undefined) delete now[file];
      else now[file] = text;
    }
    expect(changedHarness(recorded, harnessDigests(now, "npm test"))).toEqual(parts);
  });
});

describe("QA's work recorded as the contract", () => {
  const row = (id: string, status: TraceRow["status"], files: Record<string, string>, names: string[]): TraceRow => ({
    id,
    title: id,
    status,
    tests: { files: Object.keys(files), names, digests: Object.fromEntries(Object.keys(files).map((file) => [file, `old-${file}`])), harness: { "conftest.py": "old" } },
    code: [],
    gates: {},
    reviews: [],
  });

  it("re-records only what changed during QA's session, in this and every approved requirement, and retires tests QA removed", () => {
    const before = { "test/a.test.js": 'test("adds", () => {});\ntest("adds zero", () => {});\n', "test/b.test.js": 'test("subtracts", () => {});\n', "conftest.py": "" };
    const after = { ...before, "test/a.test.js": 'test("adds", () => {});\n', "conftest.py": "# QA's fixture\n" };
    const rows = [row("REQ-001", "approved", { "test/a.test.js": "" }, ["adds", "adds zero"]), row("REQ-002", "implementing", { "test/b.test.js": "" }, ["subtracts"])];
    rows[0]!.ledger = { passed: ["adds", "adds zero", "subtracts"], at: "2026-01-01T00:00:00Z" };
    const work = applyQaWork(rows, "REQ-002", before, after, "python3 -m pytest");
    expect(work).toEqual({ recorded: ["conftest.py", "test/a.test.js"], retired: ["adds zero"] });
    expect(rows[0]!.tests.digests!["test/a.test.js"]).not.toBe("old-test/a.test.js");
    expect(rows[1]!.tests.digests!["test/b.test.js"]).toBe("old-test/b.test.js");
    expect(rows[0]!.tests.names).toEqual(["adds"]);
    expect(rows[1]!.retiredTests).toEqual(["adds zero"]);
    expect(rows[1]!.tests.harness!["conftest.py"]).not.toBe("old");
  });
});
