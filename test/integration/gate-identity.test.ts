import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunEventOf } from "../../src/domain/events.js";
import { approve, removeProject, runCheat, say, write, type CheatRun } from "./cheat-harness.js";

/**
 * Test identity and evidence through the real pipeline, with real runners (pytest, vitest, node --test,
 * mocha): QA extending files that already hold tests, names holding "/", same-named tests in two files,
 * a module that ends the interpreter before pytest can report, a test command that cannot start.
 */

const REPO = join(import.meta.dirname, "../..");
const NODE_MODULES = { node_modules: join(REPO, "node_modules") };
const PYPROJECT = '[project]\nname = "lib"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\naddopts = "-p no:cacheprovider -p no:hypothesispytest -p no:benchmark"\n';
const reviewer = (requirement: string) => ({ agent: "reviewer", requirement, turns: approve });
const qa = (requirement: string, file: string, text: string) => ({ agent: "qa", requirement, turns: [write(file, text), say("Tests written.")] });
const backend = (requirement: string, ...turns: ReturnType<typeof write>[][]) => ({ agent: "backend", requirement, turns: turns.flatMap((writes) => [...writes, say("Done.")]) });

let run: CheatRun | undefined;
afterEach(async () => {
  await removeProject(run);
  run = undefined;
});

const gates = (current: CheatRun, gate: string) => current.events.filter((event): event is RunEventOf<"gate_finished"> => event.type === "gate_finished" && event.gate === gate);

describe("test identity and evidence through the real pipeline", { timeout: 180_000 }, () => {
  it("QA extends an existing pytest file: its old tests (def test_x(), parametrized) are not new, another module's test_strip is not QA's, and the work is approved", async () => {
    const oldTests = [
      "import pytest",
      "import textutil",
      "",
      "",
      "def test_strip_ansi():",
      '    assert textutil.strip_ansi("\\x1b[1mhi\\x1b[0m") == "hi"',
      "",
      "",
      '@pytest.mark.parametrize("text", ["plain", "a b"])',
      "def test_strip_keeps(text):",
      "    assert textutil.strip_ansi(text) == text",
      "",
    ].join("\n");
    const extended = `${oldTests}\n\ndef test_wrap_splits_long_lines():\n    assert textutil.wrap("aaaa bbbb", 4) == ["aaaa", "bbbb"]\n`;
    const code = 'import re\n\n\ndef strip_ansi(text):\n    return re.sub(r"\\x1b\\[[0-9;]*m", "", text)\n';
    run = await runCheat({
      files: {
        "pyproject.toml": PYPROJECT,
        "textutil.py": code,
        "tests/test_text.py": oldTests,
        "tests/test_other.py": "import textutil\n\n\ndef test_strip():\n    assert textutil.strip_ansi(\"x\") == \"x\"\n",
      },
      spec: "# Text\n\n## REQ-001: Wrap\n`wrap(text, width)` splits text into lines of at most width.\n",
      cassette: [
        qa("REQ-001", "tests/test_text.py", extended),
        backend("REQ-001", [write("textutil.py", `${code}\n\ndef wrap(text, width):\n    return text.split(" ")\n`)]),
        reviewer("REQ-001"),
      ],
    });
    expect(run.finished.summary.outcome, run.lines.join("\n")).toBe("approved");
    const red = gates(run, "red");
    expect(red.map((gate) => gate.passed)).toEqual([true]);
    expect(red[0]!.summary).toBe("1 new test(s) fail");
    expect(run.finished.rows[0]!.tests.names).toContain("tests/test_text.py::test_wrap_splits_long_lines");
    expect(run.finished.rows[0]!.tests.names).toContain("tests/test_text.py::test_strip_keeps[a b]");
    expect(run.finished.rows[0]!.tests.names.some((name) => name.includes("test_other"))).toBe(false);
  });

  it("QA extends an existing vitest file with loop-generated titles holding '/': only the new cases are new, and the work is approved", async () => {
    const pkg = JSON.stringify({ name: "url", private: true, type: "module", scripts: { test: "vitest run" } });
    const suite = (cases: string, extra = "") =>
      `import { describe, test, expect } from "vitest";\nimport { withQuery } from "../src/url.js";\n\nconst cases = ${cases};\ndescribe("withQuery", () => {\n  for (const [input, query, out] of cases) test(\`\${input} with \${JSON.stringify(query)}\`, () => expect(withQuery(input, query)).toBe(out));\n});\n${extra}`;
    const oldCases = '[["/", {}, "/"], ["/users", { a: 1 }, "/users?a=1"]]';
    const newCases = '[["/", {}, "/"], ["/users", { a: 1 }, "/users?a=1"], ["/search?q=1", { b: 2 }, "/search?q=1&b=2"]]';
    const hash = 'test("keeps the hash of /a#top", () => expect(withQuery("/a#top", { x: 1 })).toBe("/a?x=1#top"));\n';
    const simple = 'export function withQuery(path, query) {\n  const search = new URLSearchParams(query).toString();\n  return search ? `${path}?${search}` : path;\n}\n';
    const full =
      'export function withQuery(path, query) {\n  const [base, hash] = path.split("#");\n  const search = new URLSearchParams(query).toString();\n  const joined = search ? `${base}${base.includes("?") ? "&" : "?"}${search}` : base;\n  return hash === undefined ? joined : `${joined}#${hash}`;\n}\n';
    run = await runCheat({
      files: { "package.json": pkg, "src/url.js": simple, "test/url.test.js": suite(oldCases) },
      spec: "# URL\n\n## REQ-001: Query on a query\n`withQuery` appends to an existing query and keeps the hash.\n",
      cassette: [qa("REQ-001", "test/url.test.js", suite(newCases, hash)), backend("REQ-001", [write("src/url.js", full)]), reviewer("REQ-001")],
      link: NODE_MODULES,
    });
    expect(run.finished.summary.outcome, run.lines.join("\n")).toBe("approved");
    const red = gates(run, "red");
    expect(red.map((gate) => gate.passed)).toEqual([true]);
    expect(red[0]!.summary).toBe("2 new test(s) fail");
    expect(run.finished.rows[0]!.tests.names).toEqual(
      expect.arrayContaining(['test/url.test.js::withQuery > /search?q=1 with {"b":2}', "test/url.test.js::keeps the hash of /a#top", "test/url.test.js::withQuery > / with {}"]),
    );
  });

  it("two same-named tests in two files (node --test) are two tests: QA's is the requirement's, the other one is not", async () => {
    const pkg = JSON.stringify({ name: "calc", private: true, type: "module", scripts: { test: "node --test" } });
    const works = (body: string) => `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport * as calc from "../src/calc.js";\n\ntest("works", () => ${body});\n`;
    run = await runCheat({
      files: { "package.json": pkg, "src/calc.js": "export const version = 1;\n", "test/a.test.js": works("assert.equal(calc.version, 1)") },
      spec: "# Calc\n\n## REQ-001: Add\n`add(a, b)` returns the sum.\n",
      cassette: [qa("REQ-001", "test/b.test.js", works("assert.equal(calc.add(2, 3), 5)")), backend("REQ-001", [write("src/calc.js", "export const version = 1;\nexport const add = (a, b) => a + b;\n")]), reviewer("REQ-001")],
    });
    expect(run.finished.summary.outcome, run.lines.join("\n")).toBe("approved");
    expect(run.finished.rows[0]!.tests.names).toEqual(["test/b.test.js::works"]);
    expect(run.finished.rows[0]!.ledger?.passed.toSorted()).toEqual(["test/a.test.js::works", "test/b.test.js::works"]);
  });

  it("a module that ends the interpreter at import (os._exit(0)) after a red gate that failed by collection error is refused: pytest wrote no report", async () => {
    const wrong = "import os\n\n\ndef add(a, b):\n    return a - b\n\n\nos._exit(0)\n";
    run = await runCheat({
      files: { "pyproject.toml": PYPROJECT, "calc.py": "VERSION = 1\n", "test_version.py": "import calc\n\n\ndef test_version():\n    assert calc.VERSION == 1\n" },
      spec: "# Calc\n\n## REQ-001: Add\n`add(a, b)` returns the sum.\n",
      cassette: [
        qa("REQ-001", "test_add.py", "from calc import add\n\n\ndef test_add_returns_the_sum():\n    assert add(2, 3) == 5\n"),
        backend("REQ-001", [write("calc.py", wrong)], [write("calc.py", "VERSION = 1\n\n\ndef add(a, b):\n    return a + b\n")]),
        reviewer("REQ-001"),
      ],
    });
    const red = gates(run, "red");
    expect(red[0]).toMatchObject({ passed: true });
    expect(red[0]!.summary).toMatch(/test_add\.py fail\(s\) to load/);
    expect(run.tamper[0], run.lines.join("\n")).toMatchObject({ agent: "backend", caught: "gate", kind: "tests_not_run", tests: ["test_add.py::test_add_returns_the_sum"] });
    expect(run.tamper[0]!.reason).toMatch(/no evidence: greenlight asked pytest for its report and none came back/);
    expect(gates(run, "green").map((gate) => gate.passed)).toEqual([false, true]);
    expect(run.finished.summary.outcome).toBe("approved");
  });

  it("mocha's own output reaches the agents, naming the failing test and its error, and tests are named with their suite and file", async () => {
    const pkg = JSON.stringify({ name: "web", private: true, type: "module", scripts: { test: "mocha" } });
    const spec = 'import assert from "node:assert/strict";\nimport { route } from "../src/app.js";\n\ndescribe("routes", () => {\n  it("should redirect to /users", () => assert.equal(route("/people"), "/users"));\n});\n';
    run = await runCheat({
      files: { "package.json": pkg, "src/app.js": "export const route = (path) => path;\n", "test/home.spec.js": 'import assert from "node:assert/strict";\n\nit("home works", () => assert.ok(true));\n' },
      spec: "# Web\n\n## REQ-001: Redirect\n`/people` redirects to `/users`.\n",
      cassette: [qa("REQ-001", "test/routes.spec.js", spec), backend("REQ-001", [write("src/app.js", 'export const route = (path) => (path === "/people" ? "/users" : path);\n')]), reviewer("REQ-001")],
      link: NODE_MODULES,
    });
    expect(run.finished.summary.outcome, run.lines.join("\n")).toBe("approved");
    const red = gates(run, "red")[0]!;
    expect(red.outputTail).toMatch(/should redirect to \/users/);
    expect(red.outputTail).toMatch(/AssertionError/);
    expect(run.finished.rows[0]!.tests.names).toEqual(["test/routes.spec.js::routes > should redirect to /users"]);
  });

  it("a test command that cannot start (pnpm: not found) is an environment failure, never a red: QA is not sent back, the requirement waits", async () => {
    run = await runCheat({
      files: { "package.json": JSON.stringify({ name: "p", private: true, type: "module" }), "greenlight.json": JSON.stringify({ testCommand: "pnpm test" }), "src/calc.js": "export const version = 1;\n" },
      spec: "# Calc\n\n## REQ-001: Add\n`add(a, b)` returns the sum.\n",
      cassette: [qa("REQ-001", "test/add.test.js", 'import { test } from "node:test";\ntest("adds", () => {});\n')],
    });
    const red = gates(run, "red");
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({ passed: false, exitCode: 127 });
    expect(red[0]!.summary).toMatch(/^environment failure: the test command could not run a program \(exit 127\): .*pnpm.*not found/);
    expect(run.finished.summary.outcome).toBe("incomplete");
    expect(run.finished.rows[0]!.status).toBe("blocked");
    expect(run.events.filter((event) => event.type === "session_started" && event.agent === "qa")).toHaveLength(1);
  });
});
