import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Cassette } from "../../src/domain/cassette.js";
import type { AgentEvent } from "../../src/domain/events.js";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { createScriptedProvider } from "../../src/provider/scripted-provider.js";
import type { ModelProvider } from "../../src/provider/model-provider.js";
import { drainSession, runSession, type SessionOptions } from "../../src/runtime/index.js";
import type { Tool } from "../../src/tools/tool.js";
import { httpError, reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";
import { testAgent } from "../support/test-agent.js";

let dir: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-session-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const agent = testAgent({ model: "claude-haiku-4-5" });

/** A small real tool writing into the temp project. */
function writeTool(): Tool<{ file_path: string; content: string }> {
  return {
    name: "Write",
    description: "Writes a file",
    inputSchema: z.object({ file_path: z.string(), content: z.string() }),
    title: (input) => input.file_path,
    async execute(input) {
      await writeFile(join(dir, input.file_path), input.content);
      return { content: `wrote ${input.file_path}`, isError: false, summary: `+${input.content.split("\n").length} lines`, filesChanged: [input.file_path] };
    },
  };
}

function echoTool(): Tool<{ words: string }> {
  return {
    name: "Echo",
    description: "Echoes",
    inputSchema: z.object({ words: z.string() }),
    title: (input) => input.words,
    async execute(input, context) {
      context.onOutput?.(input.words);
      return { content: input.words, isError: false, summary: "exit 0" };
    },
  };
}

async function run(provider: ModelProvider, extra: Partial<SessionOptions> = {}) {
  const events: AgentEvent[] = [];
  const outcome = await drainSession(
    runSession({ agent, model: "claude-haiku-4-5", provider, tools: [writeTool(), echoTool()], prompt: "make it pass", signal: new AbortController().signal, ...extra }),
    (event) => events.push(event),
  );
  return { events, outcome };
}

const scripted = (turns: Cassette["scripts"][number]["turns"]) => createScriptedProvider({ version: 1, scripts: [{ agent: "backend", turns }] });

describe("runSession", () => {
  it("runs the tool loop through the real SDK against the local server until end_turn", async () => {
    server = await startFakeMessagesServer([
      reply([text("Writing the fix."), toolUse("toolu_1", "Write", { file_path: "calc.js", content: "export const add = (a, b) => a + b;\n" })]),
      reply([toolUse("toolu_2", "Echo", { words: "tests pass" })]),
      reply([text("Done: add() is implemented.")]),
    ]);
    const provider = createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} });
    const { events, outcome } = await run(provider);
    expect(outcome.reason).toBe("completed");
    expect(outcome.turns).toBe(3);
    expect(outcome.finalText).toBe("Done: add() is implemented.");
    expect(outcome.filesChanged).toEqual(["calc.js"]);
    expect(await readFile(join(dir, "calc.js"), "utf8")).toContain("a + b");
    expect(outcome.usage.cacheReadInputTokens).toBeGreaterThan(0);
    const second = server.requests[1]!.body as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
    expect(second.messages.at(-1)!.content[0]).toMatchObject({ type: "tool_result", tool_use_id: "toolu_1", content: "wrote calc.js" });
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(["session_started", "text_delta", "tool_started", "tool_output", "tool_finished", "session_finished"]));
    expect(events.find((event) => event.type === "tool_started")).toMatchObject({ tool: "Write", title: "calc.js" });
    expect(events.find((event) => event.type === "tool_finished")).toMatchObject({ summary: "+2 lines", isError: false });
  });

  it("answers invalid input and unknown tools with is_error results and carries on", async () => {
    const provider = scripted([
      { content: [toolUse("t1", "Write", { file_path: 42 })] },
      { content: [toolUse("t2", "Teleport", { to: "mars" })] },
      { content: [text("ok")] },
    ]);
    const seen: unknown[] = [];
    const spy: ModelProvider = {
      name: "spy",
      stream: (request, signal) => {
        seen.push(structuredClone(request.messages.at(-1)));
        return provider.stream(request, signal);
      },
    };
    const { outcome } = await run(spy);
    expect(outcome.reason).toBe("completed");
    expect(JSON.stringify(seen[1])).toMatch(/Invalid input for Write.*file_path/);
    expect(JSON.stringify(seen[2])).toMatch(/Unknown tool 'Teleport'.*Write, Echo/);
  });

  it("reports a tool's effect as an event and in the outcome, and ends the session on a tool that throws", async () => {
    const verdictTool: Tool<{ ok: boolean }> = {
      name: "Judge",
      description: "Gives a verdict",
      inputSchema: z.object({ ok: z.boolean() }),
      title: () => "verdict",
      async execute(input) {
        return { content: "noted", isError: false, summary: "noted", effect: { kind: "verdict", verdict: input.ok ? "approve" : "request_changes", summary: "s", findings: [] } };
      },
    };
    const broken: Tool<Record<string, never>> = {
      name: "Broken",
      description: "Has a bug",
      inputSchema: z.object({}),
      title: () => "broken",
      async execute() {
        throw new TypeError("cannot read properties of undefined");
      },
    };
    const provider = scripted([{ content: [toolUse("t1", "Judge", { ok: true })] }, { content: [toolUse("t2", "Broken", {})] }, { content: [text("never reached")] }]);
    const events: AgentEvent[] = [];
    const outcome = await drainSession(
      runSession({ agent, model: "claude-haiku-4-5", provider, tools: [verdictTool as Tool, broken as Tool], prompt: "judge", signal: new AbortController().signal }),
      (event) => events.push(event),
    );
    expect(outcome.verdict).toEqual({ verdict: "approve", summary: "s", findings: [] });
    expect(events.find((event) => event.type === "verdict")).toMatchObject({ verdict: "approve" });
    expect(outcome.reason).toBe("error");
    expect(outcome.error).toMatch(/Broken failed inside greenlight \(a bug, not the agent's mistake\): cannot read properties/);
    expect(outcome.turns).toBe(2);
    expect(events.filter((event) => event.type === "tool_finished").at(-1)).toMatchObject({ tool: "Broken", isError: true, summary: "internal error" });
  });

  it("ends with 'loop' on the third identical call in a row, without running it", async () => {
    const same = { content: [toolUse("t", "Echo", { words: "again" })] };
    const { outcome, events } = await run(scripted([same, same, same, same]));
    expect(outcome.reason).toBe("loop");
    expect(outcome.error).toMatch(/same tool call 3 times/);
    expect(events.filter((event) => event.type === "tool_finished")).toHaveLength(2);
    expect(outcome.messages.at(-1)!.content[0]).toMatchObject({ is_error: true });
  });

  it("stops at maxTurns from the agent, then the budgets, then 40", async () => {
    const turns = Array.from({ length: 5 }, (_, index) => ({ content: [toolUse(`t${index}`, "Echo", { words: `w${index}` })] }));
    expect((await run(scripted(turns), { agent: { ...agent, maxTurns: 2 } })).outcome).toMatchObject({ reason: "max_turns", turns: 2 });
    expect((await run(scripted(turns), { budgets: { maxTurns: 3 } })).outcome).toMatchObject({ reason: "max_turns", turns: 3 });
  });

  it("stops at the token budget and the cost budget", async () => {
    const turns = Array.from({ length: 5 }, (_, index) => ({ content: [toolUse(`t${index}`, "Echo", { words: `w${index}` })] }));
    expect((await run(scripted(turns), { budgets: { maxTokens: 1 } })).outcome).toMatchObject({ reason: "token_budget", turns: 1 });
    server = await startFakeMessagesServer(turns.map((turn) => reply(turn.content as never)));
    const provider = createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} });
    expect((await run(provider, { budgets: { maxCostUsd: 0.0000001 } })).outcome).toMatchObject({ reason: "cost_budget", turns: 1 });
  });

  it("holds the budgets for the whole run when given the run's spend: other sessions' tokens count", async () => {
    const turns = [{ content: [toolUse("t0", "Echo", { words: "w0" })] }, { content: [text("done")] }];
    let others = 0;
    const runSpent = () => ({ tokens: others, costUsd: 0 });
    expect((await run(scripted(turns), { budgets: { maxTokens: 1_000_000, runSpent } })).outcome).toMatchObject({ reason: "completed" });
    others = 1_000_000;
    const spent = await run(scripted(turns), { budgets: { maxTokens: 1_000_000, runSpent } });
    expect(spent.outcome).toMatchObject({ reason: "token_budget", turns: 0 });
    expect(spent.outcome.error).toMatch(/the run's budget is 1000000/);
  });

  it("ends with 'error' and keeps what was done when the provider fails", async () => {
    server = await startFakeMessagesServer([
      reply([toolUse("toolu_1", "Write", { file_path: "kept.txt", content: "kept" })]),
      httpError(401, "authentication_error", "invalid x-api-key"),
    ]);
    const provider = createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} });
    const { outcome } = await run(provider);
    expect(outcome.reason).toBe("error");
    expect(outcome.error).toMatch(/ANTHROPIC_API_KEY/);
    expect(outcome.filesChanged).toEqual(["kept.txt"]);
    expect(outcome.messages).toHaveLength(3);
    expect(await readFile(join(dir, "kept.txt"), "utf8")).toBe("kept");
  });

  it("ends with 'aborted' when the signal fires mid-stream", async () => {
    const controller = new AbortController();
    const provider = createScriptedProvider({ version: 1, scripts: [{ agent: "backend", turns: [{ content: [text("a slow answer ".repeat(20))] }] }] }, { paceMs: 5 });
    const events: AgentEvent[] = [];
    const outcome = await drainSession(
      runSession({ agent, model: "m", provider, tools: [], prompt: "p", signal: controller.signal }),
      (event) => {
        events.push(event);
        if (event.type === "text_delta") controller.abort();
      },
    );
    expect(outcome.reason).toBe("aborted");
    expect(events.at(-1)).toMatchObject({ type: "session_finished", result: { reason: "aborted" } });
  });

  it("ends with 'error' naming the agent when the cassette runs out", async () => {
    const { outcome } = await run(scripted([{ content: [toolUse("t", "Echo", { words: "x" })] }]));
    expect(outcome).toMatchObject({ reason: "error", error: expect.stringContaining("ran out for agent 'backend' after 1 turns") });
  });
});
