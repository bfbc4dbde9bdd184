import { mkdtemp, mkdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runTestCommand } from "../../src/gates/gate-runner.js";
import { scrubbedEnvironment } from "../../src/process/index.js";
import { changedFiles, diffSnapshots, takeSnapshot } from "../../src/project/project-snapshot.js";
import { spawnRunner } from "../support/spawn-runner.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-gate-"));
  await mkdir(join(dir, "test"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const env = () => ({ PATH: process.env.PATH ?? "" });

describe("gate runs", () => {
  it("records a failing node --test run with per-test counts and the output tail", async () => {
    await writeFile(join(dir, "test/a.test.js"), `import { test } from "node:test";\nimport assert from "node:assert";\ntest("one", () => assert.equal(1, 2));\ntest("two", () => {});\n`);
    const gate = await runTestCommand(spawnRunner, "node --test", { cwd: dir, env: env(), signal: new AbortController().signal });
    expect(gate.run.exitCode).toBe(1);
    expect(gate.run.summary).toBe("1 passed, 1 failed");
    expect(gate.run.evidence).toBe("report");
    expect(gate.outputTail).toMatch(/fail 1/);
  });

  it("records a passing run", async () => {
    await writeFile(join(dir, "test/a.test.js"), `import { test } from "node:test";\ntest("ok", () => {});\n`);
    const gate = await runTestCommand(spawnRunner, "npm test --silent", { cwd: dir, env: env(), signal: new AbortController().signal });
    expect(gate.run.exitCode).toBe(0);
    expect(gate.results.tests).toEqual([expect.objectContaining({ name: "ok", passed: true })]);
  });

  it("tests the code on disk when a Python file is rewritten to the same size within the same second", async () => {
    const run = () => runTestCommand(spawnRunner, "python3 -m pytest -q -p no:cacheprovider", { cwd: dir, env: scrubbedEnvironment({ PATH: process.env.PATH ?? "" }), signal: new AbortController().signal });
    await writeFile(join(dir, "test_calc.py"), "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n");
    const when = new Date(Math.floor(Date.now() / 1000) * 1000);
    await writeFile(join(dir, "calc.py"), "def add(a, b):\n    return a - b\n");
    await utimes(join(dir, "calc.py"), when, when);
    expect((await run()).run.exitCode).toBe(1);
    await writeFile(join(dir, "calc.py"), "def add(a, b):\n    return a + b\n");
    await utimes(join(dir, "calc.py"), when, when);
    expect((await run()).run.exitCode).toBe(0);
  });
});

describe("project snapshots", () => {
  it("fingerprints contents, lists changed files and diffs them", async () => {
    await writeFile(join(dir, "calc.js"), "export const add = () => 0;\nexport const keep = 1;\n");
    await mkdir(join(dir, "node_modules"));
    await writeFile(join(dir, "node_modules/x.js"), "ignored");
    const before = await takeSnapshot(dir);
    expect(Object.keys(before.files).sort()).toEqual(["calc.js", "package.json"]);
    expect((await takeSnapshot(dir)).fingerprint).toBe(before.fingerprint);

    await writeFile(join(dir, "calc.js"), "export const add = (a, b) => a + b;\nexport const keep = 1;\n");
    await writeFile(join(dir, "test/calc.test.js"), "new\n");
    const after = await takeSnapshot(dir);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(changedFiles(before, after)).toEqual(["calc.js", "test/calc.test.js"]);
    const diff = diffSnapshots(before, after);
    expect(diff).toContain("-export const add = () => 0;\n+export const add = (a, b) => a + b;");
    expect(diff).toContain("--- /dev/null\n+++ b/test/calc.test.js");
    expect(diff).not.toContain("keep");
  });
});
