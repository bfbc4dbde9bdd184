import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pathWithout } from "../support/path-without-program.js";

const REPOSITORY = resolve(import.meta.dirname, "../..");
// The smallest file with a test that needs bubblewrap next to tests that do not.
const SANDBOX_TEST = "test/process/command-isolation.test.ts";
let root: string;

/** Runs the sandbox test file with bubblewrap hidden from PATH, as on a machine without it. */
function runWithoutBwrap(extra: NodeJS.ProcessEnv = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "GREENLIGHT_REQUIRE_SANDBOX" && name !== "NODE_OPTIONS"));
  const path = pathWithout(join(root, "bin"), ["bwrap"]);
  const run = spawnSync(process.execPath, [join(REPOSITORY, "node_modules/vitest/vitest.mjs"), "run", SANDBOX_TEST], {
    cwd: REPOSITORY,
    encoding: "utf8",
    env: { ...env, PATH: path, NO_COLOR: "1", ...extra },
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "greenlight-no-bwrap-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the suite on a machine without bubblewrap", () => {
  it("skips the tests that need it, ending with one line that names the install command", () => {
    const { status, output } = runWithoutBwrap();
    expect(status).toBe(0);
    expect(output).toMatch(/Tests\s+3 passed \| 1 skipped/);
    const lines = output.split("\n").filter((line) => line.includes("SANDBOX TESTS SKIPPED"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("1 tests need bubblewrap and bubblewrap (bwrap) is not installed");
    expect(lines[0]).toContain("sudo apt-get install bubblewrap");
  }, 150_000);

  it("fails them instead under GREENLIGHT_REQUIRE_SANDBOX=1, as CI runs", () => {
    const { status, output } = runWithoutBwrap({ GREENLIGHT_REQUIRE_SANDBOX: "1" });
    expect(status).toBe(1);
    expect(output).toMatch(/Tests\s+1 failed \| 3 passed/);
    expect(output).toContain("finds bubblewrap working on this machine");
    expect(output).not.toContain("SANDBOX TESTS SKIPPED");
  }, 150_000);
});
