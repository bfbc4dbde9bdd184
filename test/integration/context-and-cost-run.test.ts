import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  HAIKU_4_5,
  reply,
  SONNET_5_5,
  startFakeMessagesServer,
  STRICT_API_KEY,
  text,
  toolUse,
  type FakeMessagesServer,
  type FakeResponse,
  type ModelProfile,
  type RecordedRequest,
} from "../support/messages-api/index.js";
import { runCli } from "../support/run-cli.js";

/**
 * `greenlight run --headless` through the real SDK against the strict local server: a backend that
 * reads a large file past a small window, what every turn costs at list price, and cost budgets.
 */

const TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { greet } from "../src/greet.js";\ntest("greets by name", () => assert.equal(greet("Ada"), "Hello, Ada!"));\n`;
const CODE = "export const greet = (name) => `Hello, ${name}!`;\n";
/** About 12,000 of the server's tokens. */
const BIG = Array.from({ length: 1_200 }, (_, index) => `line ${String(index).padStart(5, "0")} of the vendor's changelog\n`).join("");

let project: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-window-run-"));
  await mkdir(join(project, "src"));
  await writeFile(join(project, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
  await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n");
  await writeFile(join(project, "CHANGELOG.txt"), BIG);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(project, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

/** The whole team's turns in order, and a summary for any compaction greenlight asks for. */
function team(backendReads: number): (request: RecordedRequest) => FakeResponse {
  const turns: FakeResponse[] = [
    reply([toolUse("toolu_qa", "Write", { file_path: "test/greet.test.js", content: TEST })]),
    reply([text("Tests written.")]),
    ...Array.from({ length: backendReads }, (_, index) => reply([toolUse(`toolu_read_${index}`, "Read", { file_path: "CHANGELOG.txt", offset: 1, limit: 1_200 + index })])),
    reply([toolUse("toolu_code", "Write", { file_path: "src/greet.js", content: CODE })]),
    reply([text("Implemented.")]),
    reply([toolUse("toolu_verdict", "ReviewVerdict", { verdict: "approve", summary: "Simple and correct." })]),
    reply([text("Approved.")]),
  ];
  return (request) => {
    if (JSON.stringify(request.body.system ?? "").includes("You condense a coding agent's conversation")) {
      return reply([text("Read CHANGELOG.txt several times; nothing in it bears on greet(). Next: write src/greet.js.")]);
    }
    return turns.shift() ?? reply([text("out of script")]);
  };
}

async function run(env: Record<string, string>) {
  expect((await cli(["plan", join(project, "SPEC.md"), "--project", project], env)).code).toBe(0);
  return cli(["run", "--headless", "--project", project], env);
}

const serverEnv = (started: FakeMessagesServer) => ({ ANTHROPIC_BASE_URL: started.baseURL, ANTHROPIC_API_KEY: STRICT_API_KEY, CI: "true" });

type LoggedEvent = { type: string; agent?: string; usage?: Record<string, number>; costUsd?: number; costUnknown?: boolean; result?: { reason: string; costUsd: number } };

async function runLog(): Promise<LoggedEvent[]> {
  const dir = join(project, ".greenlight/state/runs");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".jsonl"));
  const lines = (await Promise.all(files.map((name) => readFile(join(dir, name), "utf8")))).join("\n").split("\n");
  return lines.filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as LoggedEvent);
}

describe("greenlight run past a small context window", () => {
  it("approves a requirement whose backend reads a large file ten times in a 60,000-token window", async () => {
    const small: ModelProfile = { ...SONNET_5_5, maxInputTokens: 60_000 };
    server = await startFakeMessagesServer(team(10), { strict: { models: [small] } });
    const result = await run(serverEnv(server));
    expect(server.refusals.map((refusal) => refusal.error.message)).toEqual([]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/1\/1 approved/);
    expect(result.stdout).toMatch(/backend +context: (cleared \d+ old tool results|compacted the conversation) \(greenlight, near the window\): [\d.]+k -> [\d.]+k of 60\.0k tokens/);
    const events = await runLog();
    expect(events.filter((event) => event.type === "context_managed").length).toBeGreaterThan(0);
  });
});

/** USD per million tokens, the published list price of claude-sonnet-5-5. */
const SONNET_5_5_LIST = { input: 2, cacheWrite5m: 2.5, cacheRead: 0.1, output: 10 };

describe("what a run costs", () => {
  it("prices every turn at the list price, within 1%", async () => {
    server = await startFakeMessagesServer(team(2), { strict: true });
    const result = await run(serverEnv(server));
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const turns = (await runLog()).filter((event) => event.type === "turn_finished");
    expect(turns.length).toBeGreaterThanOrEqual(8);
    const listPrice = turns.reduce((sum, turn) => {
      const usage = turn.usage!;
      return sum + (usage.inputTokens! * SONNET_5_5_LIST.input + usage.cacheCreationInputTokens! * SONNET_5_5_LIST.cacheWrite5m + usage.cacheReadInputTokens! * SONNET_5_5_LIST.cacheRead + usage.outputTokens! * SONNET_5_5_LIST.output) / 1e6;
    }, 0);
    const charged = turns.reduce((sum, turn) => sum + turn.costUsd!, 0);
    expect(listPrice).toBeGreaterThan(0);
    expect(Math.abs(charged - listPrice) / listPrice).toBeLessThan(0.01);
    expect(turns.some((turn) => turn.costUnknown)).toBe(false);
    const spent = /spent: \d+ tokens, \$(\d+\.\d{4})\n/.exec(result.stdout);
    expect(Number(spent?.[1])).toBeCloseTo(charged, 4);
  });

  it("stops the run when the cost budget is spent", async () => {
    server = await startFakeMessagesServer(team(2), { strict: true });
    await writeFile(join(project, "greenlight.json"), JSON.stringify({ budgets: { maxCostUsd: 0.01 } }));
    const result = await run(serverEnv(server));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/finished: cost_budget, \d+ turns: spent \$0\.0\d+, the run's budget is \$0\.01 \(\$0\.0\d+\)/);
    expect(result.stdout).not.toMatch(/1\/1 approved/);
  });

  it("refuses to start a run with a cost budget on a model it cannot price, and runs once greenlight.json gives the price", async () => {
    const unpriced: ModelProfile = { ...HAIKU_4_5, id: "claude-mythos-preview", displayName: "Claude Mythos Preview" };
    server = await startFakeMessagesServer(team(0), { strict: { models: [unpriced] } });
    await writeFile(join(project, "greenlight.json"), JSON.stringify({ model: "claude-mythos-preview", budgets: { maxCostUsd: 5 } }));
    const refused = await run(serverEnv(server));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/budgets\.maxCostUsd is \$5, but the price of claude-mythos-preview is not known .*"pricing": \{ "claude-mythos-preview"/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests).toHaveLength(0);

    await writeFile(join(project, "greenlight.json"), JSON.stringify({ model: "claude-mythos-preview", budgets: { maxCostUsd: 5 }, pricing: { "claude-mythos-preview": { input: 10, output: 50 } } }));
    const priced = await cli(["run", "--headless", "--project", project], serverEnv(server));
    expect(priced.code, priced.stderr + priced.stdout).toBe(0);
    expect(priced.stdout).toMatch(/qa +finished: completed, \d+ turns \(\$0\.\d{4}\)/);
  });

  it("shows an unknown model's cost as unknown, never $0", async () => {
    const unpriced: ModelProfile = { ...HAIKU_4_5, id: "claude-mythos-preview", displayName: "Claude Mythos Preview" };
    server = await startFakeMessagesServer(team(0), { strict: { models: [unpriced] } });
    await writeFile(join(project, "greenlight.json"), JSON.stringify({ model: "claude-mythos-preview" }));
    const result = await run(serverEnv(server));
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/qa +finished: completed, 2 turns \(cost unknown\)/);
    expect(result.stdout).not.toMatch(/\$0\.0000/);
    expect(result.stdout).toMatch(/spent: \d+ tokens, cost unknown\n/);
    const turns = (await runLog()).filter((event) => event.type === "turn_finished");
    expect(turns.every((turn) => turn.costUnknown === true)).toBe(true);
  });
});
