import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectOldTests, oldCopyName } from "../../src/gates/collect-old-tests.js";
import { spawnRunner } from "../support/spawn-runner.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-old-tests-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const options = () => ({ cwd: dir, env: { PATH: process.env.PATH ?? "" }, signal: new AbortController().signal });
const LOOP = 'import { test } from "node:test";\nfor (const path of ["/", "/users"]) test(`redirects ${path}`, () => {});\n';

describe("collecting the tests a file held before QA changed it", () => {
  it("names the copy next to the file so the runner's patterns and the file's imports still apply", () => {
    expect(oldCopyName("tests/test_text.py")).toBe("tests/test_text_greenlight_before.py");
    expect(oldCopyName("test/url.test.ts")).toBe("test/url_greenlight_before.test.ts");
    expect(oldCopyName("calc_test.py")).toBe("calc_test_greenlight_before.py");
  });

  it("runs the old text through the project's command (node --test behind npm test), returns its identities under the file's name, and removes the copy", async () => {
    await files({ "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test" } }), "test/url.test.js": `${LOOP}test("new one", () => {});\n`, "test/other.test.js": 'import { test } from "node:test";\ntest("redirects /", () => {});\n' });
    const old = await collectOldTests(spawnRunner, "npm test", options(), { "test/url.test.js": LOOP });
    expect(old.identities.sort()).toEqual(["test/url.test.js::redirects /", "test/url.test.js::redirects /users"]);
    expect(await readdir(join(dir, "test"))).toEqual(["other.test.js", "url.test.js"]);
  });

  it("collects old pytest tests (plain functions, parametrized), replaces a copy a killed run left, never a file of the person's, and skips what it cannot collect", async () => {
    const old = 'import pytest\n\n\ndef test_strip_ansi():\n    pass\n\n\n@pytest.mark.parametrize("x", [1, 2])\ndef test_keeps(x):\n    pass\n';
    await files({ "tests/test_text.py": `${old}\n\ndef test_wrap():\n    assert False\n`, "tests/test_text_greenlight_before.py": "# greenlight: the test file before QA changed it (removed after collection)\nstale\n", "calc_test.go": "package calc\n" });
    const collected = await collectOldTests(spawnRunner, "python3 -m pytest -p no:cacheprovider", options(), { "tests/test_text.py": old, "calc_test.go": "package calc\n" });
    expect(collected.identities.sort()).toEqual(["tests/test_text.py::test_keeps[1]", "tests/test_text.py::test_keeps[2]", "tests/test_text.py::test_strip_ansi"]);
    expect(collected.skipped).toEqual(["calc_test.go"]);
    expect(existsSync(join(dir, "tests/test_text_greenlight_before.py"))).toBe(false);
    await files({ "tests/test_text_greenlight_before.py": "# the person's own file\n" });
    expect(await collectOldTests(spawnRunner, "python3 -m pytest", options(), { "tests/test_text.py": old })).toEqual({ identities: [], skipped: ["tests/test_text.py"] });
    expect(existsSync(join(dir, "tests/test_text_greenlight_before.py"))).toBe(true);
  });
});
