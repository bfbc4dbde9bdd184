import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runTestCommand } from "../../src/gates/gate-runner.js";
import { narrowCommand } from "../../src/gates/reports/narrow-command.js";
import { testCase } from "../../src/gates/test-results.js";
import { spawnRunner } from "../support/spawn-runner.js";

/** The test command narrowed to QA's files or to failing tests by name, in each runner's own way, and run for real. */

const REPO = resolve(import.meta.dirname, "../..");
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-narrow-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}
const script = (test: string) => files({ "package.json": JSON.stringify({ type: "module", scripts: { test } }) });
const gate = (command: string) => runTestCommand(spawnRunner, command, { cwd: dir, env: { PATH: process.env.PATH ?? "" }, signal: new AbortController().signal });
const statuses = (results: { tests: Array<{ name: string; status: string }> }) => results.tests.map((test) => `${test.name}: ${test.status}`).sort();
const failing = (name: string, file?: string) => testCase(name, "failed", file ? { file } : {});

describe("narrowCommand", () => {
  it("appends files and name patterns where they reach each runner", async () => {
    await script("node --test");
    expect(narrowCommand("npm test", dir, { files: ["test/a.test.js", "test/b c.test.js"] })).toBe("npm test -- test/a.test.js 'test/b c.test.js'");
    expect(narrowCommand("npm test", dir, { files: [], tests: [failing("suite > rounds (1.5)")] })).toBe("npm test -- --test-name-pattern='rounds \\(1\\.5\\)'");
    expect(narrowCommand("npx vitest run", dir, { files: ["test/a.test.ts"], tests: [failing("a > b", "test/a.test.ts")] })).toBe("npx vitest run test/a.test.ts -t b");
    expect(narrowCommand("npx jest", dir, { files: ["a.test.js"] })).toBe("npx jest a.test.js");
    expect(narrowCommand("npx mocha", dir, { files: ["test/a.js"], tests: [failing("should redirect to /users")] })).toBe("npx mocha test/a.js --grep 'should redirect to \\/users'");
    expect(narrowCommand("python3 -m pytest -q -p no:cacheprovider", dir, { files: ["tests/test_a.py"], tests: [failing("TestA::test_b[1-2]", "tests/test_a.py")] })).toBe(
      "python3 -m pytest -q -p no:cacheprovider 'tests/test_a.py::TestA::test_b[1-2]'",
    );
    expect(narrowCommand("go test ./...", dir, { files: ["calc_test.go"], tests: [failing("TestAdd/negative")] })).toBe("go test ./... -run '^(TestAdd)$'");
  });

  it("gives up where appending would add to the command's own paths or not reach the runner", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test test/", both: "node --test && vitest run" } }), "test/a.test.js": "" });
    expect(narrowCommand("npm test", dir, { files: ["test/a.test.js"] })).toBeUndefined();
    expect(narrowCommand("npm run both", dir, { files: ["test/a.test.js"] })).toBe("npm run both -- test/a.test.js");
    expect(narrowCommand("npm test && echo done", dir, { files: ["test/a.test.js"] })).toBeUndefined();
    expect(narrowCommand("python3 -m pytest test", dir, { files: ["test/a.test.js"] })).toBeUndefined();
    expect(narrowCommand("go test ./...", dir, { files: ["calc_test.go"] })).toBeUndefined();
    expect(narrowCommand("make test", dir, { files: ["test/a.test.js"] })).toBeUndefined();
  });
});

describe("narrowed runs", { timeout: 60_000 }, () => {
  it("node --test behind npm test runs only the failing test by name", async () => {
    await script("node --test");
    await files({
      "test/a.test.js": 'import { test } from "node:test";\ntest("flaky one", () => {});\ntest("other", () => { throw new Error("must not run"); });\n',
      "test/b.test.js": 'import { test } from "node:test";\ntest("elsewhere", () => { throw new Error("must not run"); });\n',
    });
    const run = await gate(narrowCommand("npm test", dir, { files: [], tests: [failing("flaky one")] })!);
    expect(run.results.tests.filter((test) => test.status === "failed")).toEqual([]);
    expect(statuses(run.results)).toContain("flaky one: passed");
  });

  it("node --test behind npm test runs only QA's file", async () => {
    await script("node --test");
    await files({
      "test/new.test.js": 'import { test } from "node:test";\ntest("new", () => {});\n',
      "test/old.test.js": 'import { test } from "node:test";\ntest("old", () => {});\n',
    });
    const run = await gate(narrowCommand("npm test", dir, { files: ["test/new.test.js"] })!);
    expect(statuses(run.results)).toEqual(["new: passed"]);
  });

  it("pytest runs the failing test by node id", async () => {
    await files({ "tests/test_a.py": "def test_one():\n    assert True\n\ndef test_two():\n    assert False\n" });
    const run = await gate(narrowCommand("python3 -m pytest -q -p no:cacheprovider", dir, { files: [], tests: [failing("test_one", "tests/test_a.py")] })!);
    expect(statuses(run.results)).toEqual(["test_one: passed"]);
  });

  it("vitest runs QA's file, and a test by name in it", async () => {
    await symlink(join(REPO, "node_modules"), join(dir, "node_modules"));
    await script("vitest run");
    const vitest = (name: string) => `import { test, expect } from "vitest";\ntest(${JSON.stringify(name)}, () => expect(1).toBe(1));\n`;
    await files({ "test/new.test.js": `${vitest("new one")}${vitest("new two").split("\n").slice(1).join("\n")}`, "test/old.test.js": vitest("old") });
    const run = await gate(narrowCommand("npm test", dir, { files: ["test/new.test.js"], tests: [failing("new two", "test/new.test.js")] })!);
    expect(statuses(run.results).filter((line) => line.endsWith("passed"))).toEqual(["new two: passed"]);
    expect(statuses(run.results).some((line) => line.startsWith("old"))).toBe(false);
  });
});
