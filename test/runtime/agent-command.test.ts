import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runEventSchema } from "../../src/domain/events.js";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const CASSETTE = resolve(import.meta.dirname, "../fixtures/cassettes/backend-writes-file.json");

let project: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-agent-cmd-"));
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env, ANTHROPIC_API_KEY: "", ANTHROPIC_AUTH_TOKEN: "", GREENLIGHT_MODEL: "", ...env };
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env: clean, timeout: 60_000 });
}

describe("greenlight agent", () => {
  it("replays a cassette: streams text, one line per tool call, writes the file, exits 0", async () => {
    const run = cli(["agent", "backend", "--prompt", "add add()", "--project", project, "--cassette", CASSETTE]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("I will add the function.");
    expect(run.stdout).toMatch(/^Write calc\.js -> .+$/m);
    expect(run.stdout).toMatch(/^Bash node -e "process\.exit\(1\)" -> exit 1 \(\d+\.\d s\)$/m);
    expect(run.stderr).toMatch(/^completed: 3 turns/m);
    expect(await readFile(join(project, "calc.js"), "utf8")).toContain("a + b");
  });

  it("prints JSONL events with --json, every line a valid event", () => {
    const run = cli(["agent", "backend", "--prompt", "go", "--project", project, "--cassette", CASSETTE, "--json", "--model", "claude-haiku-4-5"]);
    expect(run.status).toBe(0);
    // Where bubblewrap is missing, a warning about the unsandboxed commands comes first.
    const events = run.stdout.trim().split("\n").map((line) => runEventSchema.parse(JSON.parse(line))).filter((event) => event.type !== "log");
    expect(events[0]).toMatchObject({ type: "session_started", model: "claude-haiku-4-5" });
    expect(events.at(-1)).toMatchObject({ type: "session_finished", result: { reason: "completed" } });
  });

  it("says which variable to set when there is no key and no cassette", () => {
    const run = cli(["agent", "backend", "--prompt", "go", "--project", project]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/set ANTHROPIC_API_KEY.*--cassette/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for an unknown agent, a missing prompt and a broken cassette", async () => {
    expect(cli(["agent", "nobody", "--prompt", "x", "--project", project, "--cassette", CASSETTE])).toMatchObject({ status: 2, stderr: expect.stringContaining("no agent named 'nobody'") });
    expect(cli(["agent", "backend", "--project", project])).toMatchObject({ status: 2, stderr: expect.stringContaining("--prompt TEXT is required") });
    await writeFile(join(project, "bad.json"), '{"version": 1, "scripts": [{"agent": "backend"}]}');
    expect(cli(["agent", "backend", "--prompt", "x", "--project", project, "--cassette", join(project, "bad.json")])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/bad\.json: not a valid cassette: scripts\.0\.turns/),
    });
  });

  it("exits 1 when the session fails (the cassette runs out)", async () => {
    const short = { version: 1, scripts: [{ agent: "backend", turns: [{ content: [{ type: "tool_use", id: "t", name: "Glob", input: { pattern: "*" } }] }] }] };
    await writeFile(join(project, "short.json"), JSON.stringify(short));
    const run = cli(["agent", "backend", "--prompt", "x", "--project", project, "--cassette", join(project, "short.json")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: .*ran out for agent 'backend'/m);
  });

  it("stops a running tool on Ctrl-C and exits 130", async () => {
    const slow = { version: 1, scripts: [{ agent: "backend", turns: [{ content: [{ type: "tool_use", id: "t", name: "Bash", input: { command: "sleep 30" } }] }, { content: [{ type: "text", text: "never" }] }] }] };
    await writeFile(join(project, "slow.json"), JSON.stringify(slow));
    const child = spawn(process.execPath, [MAIN, "agent", "backend", "--prompt", "x", "--project", project, "--cassette", join(project, "slow.json"), "--json"], {
      env: { ...process.env, ANTHROPIC_API_KEY: "" },
    });
    let out = "";
    let interrupted = false;
    // One Ctrl-C: a second one, by design, leaves at once.
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!interrupted && out.includes('"tool_started"')) interrupted = child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(130);
    expect(out).toContain('"reason":"aborted"');
  }, 60_000);
});
