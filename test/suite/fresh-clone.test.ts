import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const REPOSITORY = resolve(import.meta.dirname, "../..");
const FIXTURE_TESTS = ["test/agents/samples.test.ts", "test/agents/corpus.test.ts", "test/agents/tool-names-corpus.test.ts"];
let root: string;

/** The environment of a plain shell: no vitest state of this run leaks into the nested one. */
function plainEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_OPTIONS" && name !== "TEST"));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "greenlight-clone-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("a fresh clone of the repository", () => {
  it("runs the agent sample and corpus tests with nothing beside it (no ../shared)", () => {
    const clone = join(root, "greenlight");
    const cloned = spawnSync("git", ["clone", "--quiet", "--depth", "1", `file://${REPOSITORY}`, clone], { encoding: "utf8" });
    expect(cloned.stderr).toBe("");
    expect(existsSync(join(root, "shared"))).toBe(false);
    // The registry is out of reach here; the installed packages are the same ones `npm ci` would give.
    symlinkSync(join(REPOSITORY, "node_modules"), join(clone, "node_modules"));
    const run = spawnSync(process.execPath, [join(clone, "node_modules/vitest/vitest.mjs"), "run", ...FIXTURE_TESTS], { cwd: clone, encoding: "utf8", env: { ...plainEnv(), NO_COLOR: "1" }, timeout: 120_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toMatch(/Test Files\s+3 passed \(3\)/);
    expect(output).not.toMatch(/failed|skipped/);
    expect(run.status).toBe(0);
  }, 150_000);
});
