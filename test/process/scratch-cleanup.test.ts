import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withReportFolder } from "../../src/gates/reports/report-folder.js";
import { createProcessRunner } from "../../src/process/index.js";
import { heldTempFolders } from "../../src/process/own-temp-folders.js";

/** greenlight removes the scratch folders it makes: when done, when a gate fails, and when it is terminated. */

let dir: string;
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-scratch-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scratchFolders = () => heldTempFolders().filter((path) => path.includes("greenlight-sandbox-"));

describe("greenlight's scratch folders", () => {
  it("go when the runner closes, and come back for a later command", async () => {
    const runner = createProcessRunner({ isolate: false });
    const before = new Set(scratchFolders());
    const first = await runner.run("cd /", { cwd: dir, env, timeoutMs: 30_000, reportCwd: true });
    expect(first.cwd).toBe("/");
    const made = scratchFolders().filter((path) => !before.has(path));
    expect(made).toHaveLength(1);
    expect(existsSync(made[0]!)).toBe(true);
    await runner.close();
    expect(existsSync(made[0]!)).toBe(false);
    await runner.run("true", { cwd: dir, env, timeoutMs: 30_000, reportCwd: true });
    const again = scratchFolders().filter((path) => !before.has(path));
    expect(again).toHaveLength(1);
    await runner.close();
    expect(existsSync(again[0]!)).toBe(false);
  });

  it("a gate's report folder goes when the gate throws", async () => {
    let folder = "";
    await expect(
      withReportFolder(async (made) => {
        folder = made;
        throw new Error("the test runner crashed");
      }),
    ).rejects.toThrow("the test runner crashed");
    expect(folder).toMatch(/greenlight-reports-/);
    expect(existsSync(folder)).toBe(false);
  });

  it("go when greenlight is terminated mid-command, and nothing else in the temp folder is touched", async () => {
    const dist = resolve(import.meta.dirname, "../../dist/process/index.js");
    expect(existsSync(dist), "build first: npx tsc -p tsconfig.json").toBe(true);
    const own = join(dir, "tmp");
    const lookalike = join(own, "greenlight-sandbox-not-mine");
    await import("node:fs/promises").then((fs) => fs.mkdir(lookalike, { recursive: true }));
    const script = `import { createProcessRunner } from ${JSON.stringify(dist)};
      createProcessRunner({ isolate: false }).run("echo started; sleep 600", { cwd: process.argv[1], env: { PATH: process.env.PATH }, timeoutMs: 600000, reportCwd: true, onOutput: (text) => process.stdout.write(text) });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, dir], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TMPDIR: own } });
    await new Promise<void>((started) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("started") && started()));
    const during = (await readdir(own)).filter((name) => name !== "greenlight-sandbox-not-mine");
    expect(during).toEqual([expect.stringMatching(/^greenlight-sandbox-/)]);
    const exited = new Promise((done) => child.once("exit", (code, signal) => done(signal)));
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(await readdir(own)).toEqual(["greenlight-sandbox-not-mine"]);
  });
});
