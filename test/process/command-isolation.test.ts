import { existsSync } from "node:fs";
import { chmod, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandIsolation, sandboxUnavailable } from "../../src/process/index.js";
import { DEFAULT_SANDBOX } from "../../src/sandbox/sandbox-config.js";
import { runnerForTest } from "../support/process-runners.js";
import { needsSandbox } from "../support/needs-sandbox.js";

let dir: string;
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "greenlight-isolation-")));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A bwrap that fails the way it does where the kernel gives no user namespaces. */
async function refusingBwrap(): Promise<string> {
  const path = join(dir, "bwrap");
  await writeFile(path, "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.' >&2\nexit 1\n");
  await chmod(path, 0o755);
  return path;
}

describe("the sandbox probe", () => {
  it("finds bubblewrap working on this machine", needsSandbox, async () => {
    expect(await sandboxUnavailable()).toBeUndefined();
    expect(await commandIsolation("auto")).toEqual({ level: "sandbox" });
    expect(await commandIsolation("required")).toEqual({ level: "sandbox" });
  });

  it("says why there is no sandbox where bubblewrap is missing or refused, and falls back to the PID namespace", async () => {
    expect(await sandboxUnavailable(join(dir, "no-such-bwrap"))).toBe(`bubblewrap (${join(dir, "no-such-bwrap")}) is not installed`);
    const bwrap = await refusingBwrap();
    const isolation = await commandIsolation("auto", bwrap);
    expect(isolation.level).toBe("pid-namespace");
    expect(isolation.refusal).toBeUndefined();
    expect(isolation.warning).toContain(`no OS sandbox: ${bwrap} failed: bwrap: No permissions to creating new namespace`);
    expect(isolation.warning).toContain("can write anywhere your user can, read your secrets");
    expect(isolation.warning).toContain('apt-get install bubblewrap');
    expect(isolation.warning).toContain('"sandbox": "required" in greenlight.json refuses to run without it');
  });

  it("refuses to run anything when greenlight.json requires the sandbox and there is none", async () => {
    const bwrap = join(dir, "no-such-bwrap");
    const isolation = await commandIsolation("required", bwrap);
    expect(isolation.refusal).toMatch(/^greenlight.json requires the OS sandbox \("sandbox": "required"\) but it cannot be had here: bubblewrap .* is not installed\. Install bubblewrap/);
    const runner = runnerForTest({ sandbox: { ...DEFAULT_SANDBOX, mode: "required" }, bwrap });
    const result = await runner.run("echo ran > ran.txt", { cwd: dir, env, timeoutMs: 30_000 });
    expect(result.exitCode).toBeNull();
    expect(result.output).toContain('requires the OS sandbox ("sandbox": "required")');
    expect(existsSync(join(dir, "ran.txt"))).toBe(false);
  });

  it("runs without the sandbox, saying so, when greenlight.json turns it off", async () => {
    const isolation = await commandIsolation("off");
    expect(isolation.warning).toMatch(/^no OS sandbox: turned off in greenlight.json \("sandbox": "off"\): shell commands and gate runs can write anywhere/);
    const runner = runnerForTest({ sandbox: { ...DEFAULT_SANDBOX, mode: "off" } });
    const outside = join(dir, "outside.txt");
    const project = await mkdtemp(join(dir, "project-"));
    const result = await runner.run(`echo unconfined > ${outside}`, { cwd: project, env, timeoutMs: 30_000 });
    expect(result.exitCode).toBe(0);
    expect(existsSync(outside)).toBe(true);
  });
});
