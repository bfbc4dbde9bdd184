import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  pausedTurn,
  refusal,
  reply,
  SONNET_5_5,
  startFakeMessagesServer,
  STRICT_API_KEY,
  text,
  toolUse,
  type FakeMessagesServer,
  type FakeResponse,
} from "../support/fake-messages-server.js";
import { runCli } from "../support/run-cli.js";

/**
 * `greenlight run --headless` through the real SDK against the strict local server, which behaves like
 * claude-sonnet-5-5 as documented: it thinks first and signs it, refuses a tool loop that drops the
 * thinking, cuts replies at max_tokens, refuses and pauses when scripted to.
 */

const testOf = (name: string, fn: string, expected: string) =>
  `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${fn} } from "../src/${name}.js";\ntest("${fn} by name", () => assert.equal(${fn}("Ada"), "${expected}"));\n`;
const GREET = "export const greet = (name) => `Hello, ${name}!`;\n";
const FAREWELL = "export const farewell = (name) => `Bye, ${name}!`;\n" + "// keep\n".repeat(300);
const HALF_FAREWELL = "// draft\nexport const farewell = (name) =>\n";
const OPUS = { ...SONNET_5_5, id: "claude-opus-5-5", displayName: "Claude Opus 5.5", line: "opus" as const };

let project: string;
let server: FakeMessagesServer;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-thinking-"));
  await mkdir(join(project, "src"));
  await writeFile(join(project, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
  await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n\n## REQ-002: Farewell\n`farewell(name)` returns `Bye, <name>!`.\n");
});
afterEach(async () => {
  await server?.close();
  await rm(project, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: STRICT_API_KEY, CI: "true", GREENLIGHT_MODEL: undefined });

async function run(script: FakeResponse[]) {
  server = await startFakeMessagesServer(script, { strict: { models: [SONNET_5_5, OPUS] } });
  expect((await cli(["plan", join(project, "SPEC.md"), "--project", project])).code).toBe(0);
  return cli(["run", "--headless", "--project", project]);
}

async function runLog(): Promise<Array<Record<string, unknown>>> {
  const folder = join(project, ".greenlight/state/runs");
  const [file] = await readdir(folder);
  return (await readFile(join(folder, file!), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("greenlight run against a thinking model", () => {
  it("approves every requirement, continues a reply cut inside a Write without running it, and a paused turn", async () => {
    const result = await run([
      reply([toolUse("toolu_q1", "Write", { file_path: "test/greet.test.js", content: testOf("greet", "greet", "Hello, Ada!") })], { thinking: "A test for greet first." }),
      reply([text("Tests written.")]),
      reply([toolUse("toolu_b1", "Write", { file_path: "src/greet.js", content: GREET })]),
      reply([text("Implemented.")]),
      pausedTurn([text("Reading the diff.")]),
      reply([toolUse("toolu_r1", "ReviewVerdict", { verdict: "approve", summary: "Correct." })]),
      reply([text("Approved.")]),
      reply([toolUse("toolu_q2", "Write", { file_path: "test/farewell.test.js", content: testOf("farewell", "farewell", "Bye, Ada!") })]),
      reply([text("Tests written.")]),
      reply([toolUse("toolu_half", "Write", { file_path: "src/farewell.js", content: HALF_FAREWELL }), toolUse("toolu_cut", "Write", { file_path: "src/farewell.js", content: FAREWELL })], {
        thinkingTokens: 31_900,
      }),
      reply([toolUse("toolu_b2", "Write", { file_path: "src/farewell.js", content: FAREWELL })]),
      reply([text("Implemented.")]),
      reply([toolUse("toolu_r2", "ReviewVerdict", { verdict: "approve", summary: "Correct." })]),
      reply([text("Approved.")]),
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(server.refusals).toEqual([]);
    expect(result.stdout).toMatch(/2\/2 approved/);
    expect(result.stdout).toMatch(/thinking: A test for greet first\./);
    expect(result.stdout).toMatch(/reply cut at the output limit \(32000 tokens\); not run: Write, Write; asking again with 128000 tokens/);
    expect(server.requests.map((request) => request.body.max_tokens).slice(9, 11)).toEqual([32_000, 128_000]);
    expect(server.modelLookups).toHaveLength(1);
    expect(await readFile(join(project, "src/farewell.js"), "utf8")).toBe(FAREWELL);
    const events = await runLog();
    const started = events.filter((event) => event.type === "tool_started").map((event) => event.toolUseId);
    expect(started).not.toContain("toolu_half");
    expect(started).not.toContain("toolu_cut");
    expect(JSON.stringify(events).includes("// draft"), "the half file reached a tool").toBe(false);
    const approved = events.filter((event) => event.type === "task_status" && event.status === "approved");
    expect(approved.map((event) => [event.requirement, (event.attempts as { implement: number }).implement])).toEqual([["REQ-001", 1], ["REQ-002", 1]]);
    const stops = events.filter((event) => event.type === "turn_finished").map((event) => event.stopReason);
    expect(stops).toEqual(expect.arrayContaining(["pause_turn", "max_tokens", "tool_use", "end_turn"]));
  });

  it("names a refusal, retries the task once with the fallback model, then blocks it with that reason", async () => {
    await writeFile(join(project, "greenlight.json"), JSON.stringify({ fallbackModel: "claude-opus-5-5", effort: "low" }));
    await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n");
    const result = await run([refusal("cyber", [], "Declined."), refusal("cyber")]);
    expect(result.stdout).toMatch(/finished: refused, 1 turns: the model refused to continue \(category: cyber\): Declined\./);
    expect(result.stdout).toMatch(/REQ-001 blocked.*refused twice \(retried once with claude-opus-5-5\): the model refused to continue \(category: cyber\)/);
    expect(server.requests.map((request) => request.body.model)).toEqual(["claude-sonnet-5-5", "claude-opus-5-5"]);
    expect(server.requests[0]!.body.output_config).toEqual({ effort: "low" });
    const matrix = JSON.parse(await readFile(join(project, ".greenlight/state/traceability_matrix.json"), "utf8"));
    expect(matrix.requirements[0].status).toBe("blocked");
  });
});
