import { spawn } from "node:child_process";
import { existsSync, readlinkSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProcessRunner, scrubbedEnvironment } from "../../src/process/index.js";
import { markedSleep, processesWith, waitFor, waitUntilNoneWith } from "../tools/temp-project.js";
import { runnerForTest } from "../support/process-runners.js";

let dir: string;
const runner = runnerForTest();
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "greenlight-process-")));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("scrubbedEnvironment", () => {
  it("drops secrets and greenlight internals, keeps the rest, and turns off Python bytecode caches", () => {
    const scrubbed = scrubbedEnvironment({ PATH: "/bin", HOME: "/h", ANTHROPIC_API_KEY: "a", ANTHROPIC_AUTH_TOKEN: "b", github_token: "c", AWS_SECRET_ACCESS_KEY: "d", PGPASSWORD: "e", GOOGLE_APPLICATION_CREDENTIALS: "f", GREENLIGHT_MODEL: "g", UNSET: undefined });
    expect(scrubbed).toEqual({ PATH: "/bin", HOME: "/h", PYTHONDONTWRITEBYTECODE: "1" });
  });
});

describe("createProcessRunner", () => {
  it("runs a shell line in the folder, streams and interleaves output, reports the exit code", async () => {
    const chunks: string[] = [];
    const result = await runner.run("echo out; echo err >&2; pwd; exit 3", { cwd: dir, env, timeoutMs: 30_000, onOutput: (chunk) => chunks.push(chunk) });
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, totalBytes: 8 + dir.length + 1 });
    // stdout and stderr are two pipes: their relative order is up to the scheduler.
    expect(result.output.split("\n").sort()).toEqual(["", dir, "err", "out"].sort());
    expect(chunks.join("")).toBe(result.output);
  });

  it("closes stdin and uses only the environment given", async () => {
    const result = await runner.run("cat; echo \"[$HOME]\"", { cwd: dir, env, timeoutMs: 30_000 });
    expect(result.output).toBe("[]\n");
  });

  it("keeps head and tail of capped output and says how much was cut", async () => {
    const result = await runner.run("seq 1 100000", { cwd: dir, env, timeoutMs: 30_000, maxOutputBytes: 1000 });
    expect(result.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(result.output.endsWith("99999\n100000\n")).toBe(true);
    expect(result.output).toContain(`[... ${result.totalBytes - 1000} bytes cut ...]`);
  });

  it("kills the group of a command that ignores SIGTERM", async () => {
    const sleep = markedSleep();
    const result = await runner.run(`trap '' TERM; ${sleep} & echo started > started; wait`, { cwd: dir, env, timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
    expect(existsSync(join(dir, "started"))).toBe(true);
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });

  it("runs commands in a PID namespace of their own, or in ours when isolation is turned off", async () => {
    const ours = readlinkSync("/proc/self/ns/pid");
    const namespaceOf = async (isolate: boolean) => (await runnerForTest({ isolate }).run("readlink /proc/self/ns/pid", { cwd: dir, env, timeoutMs: 30_000 })).output.trim();
    expect(await namespaceOf(false)).toBe(ours);
    expect(await namespaceOf(true)).toMatch(/^pid:\[\d+\]$/);
    expect(await namespaceOf(true)).not.toBe(ours);
  });

  it("is aborted by an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runner.run("sleep 300", { cwd: dir, env, timeoutMs: 60_000, signal: controller.signal });
    expect(result.aborted).toBe(true);
  });

  it("kills live groups when greenlight itself is terminated", async () => {
    const dist = resolve(import.meta.dirname, "../../dist/process/index.js");
    expect(existsSync(dist), "build first: npx tsc -p tsconfig.json").toBe(true);
    const sleep = markedSleep();
    const script = `import { createProcessRunner } from ${JSON.stringify(dist)};
      createProcessRunner().run(${JSON.stringify(`${sleep} & ${sleep}`)}, { cwd: process.argv[1], env: { PATH: process.env.PATH }, timeoutMs: 600000 });`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script, dir], { stdio: "ignore" });
    expect(await waitFor(() => processesWith(sleep).length === 2, 20_000)).toBe(true);
    const exited = new Promise((done) => parent.once("exit", done));
    parent.kill("SIGTERM");
    await exited;
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });
});
