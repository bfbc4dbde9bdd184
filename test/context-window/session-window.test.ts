import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../../src/domain/events.js";
import type { ContextLimits } from "../../src/context-window/index.js";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { drainSession, runSession } from "../../src/runtime/index.js";
import type { Tool } from "../../src/tools/tool.js";
import {
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
import { testAgent } from "../support/test-agent.js";

/** Sessions that outgrow a small window, through the real SDK against the strict local server. */

let dir: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-window-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const agent = testAgent();

/** Reads a real file; `pass` tells one reading from the next (the same call three times in a row is a loop). */
function readTool(): Tool<{ file_path: string; pass: number }> {
  return {
    name: "Read",
    description: "Reads a file",
    inputSchema: z.object({ file_path: z.string(), pass: z.number() }),
    title: (input) => input.file_path,
    async execute(input) {
      const content = await readFile(join(dir, input.file_path), "utf8").catch(() => undefined);
      if (content === undefined) return { content: `${input.file_path}: no such file`, isError: true, summary: "not found" };
      return { content, isError: false, summary: `${content.length} chars` };
    },
  };
}

const WINDOW = 60_000;
const small = (profile: ModelProfile, maxInputTokens: number): ModelProfile => ({ ...profile, maxInputTokens });

/** A reply for greenlight's own summary request, else the next scripted turn. */
function responder(turns: FakeResponse[]): (request: RecordedRequest) => FakeResponse {
  return (request) => {
    const system = JSON.stringify(request.body.system ?? "");
    if (system.includes("You condense a coding agent's conversation")) return reply([text("Read big.txt several times; it holds lines of filler. Next: say done.")]);
    return turns.shift() ?? reply([text("out of script")]);
  };
}

async function session(limits: ContextLimits, prompt = "Read big.txt until you know it, then say done.") {
  const provider = createAnthropicProvider({ apiKey: STRICT_API_KEY, baseURL: server!.baseURL, env: {} });
  const events: AgentEvent[] = [];
  const outcome = await drainSession(
    runSession({ agent, model: "claude-sonnet-5-5", provider, tools: [readTool()], prompt, signal: new AbortController().signal, contextLimits: limits }),
    (event) => events.push(event),
  );
  return { events, outcome };
}

/** About 12,000 of the server's tokens. */
const BIG = Array.from({ length: 1_200 }, (_, index) => `line ${String(index).padStart(5, "0")} of filler text here\n`).join("");

describe("a session past the window", () => {
  it("reads a large file ten times in a 60,000-token window: greenlight clears old tool results, and the session completes", async () => {
    await writeFile(join(dir, "big.txt"), BIG);
    const reads = Array.from({ length: 10 }, (_, index) => reply([toolUse(`toolu_${index}`, "Read", { file_path: "big.txt", pass: index })]));
    server = await startFakeMessagesServer(responder([...reads, reply([text("done")])]), { strict: { models: [small(SONNET_5_5, WINDOW)] } });
    const { events, outcome } = await session({ maxInputTokens: WINDOW, apiClearing: false, apiCompaction: false });
    expect(server.refusals.map((refusal) => refusal.error.message)).toEqual([]);
    expect(outcome).toMatchObject({ reason: "completed", finalText: "done" });
    const managed = events.filter((event) => event.type === "context_managed");
    expect(managed.map((event) => event.action)).toContain("cleared_tool_results");
    expect(managed.every((event) => event.by === "greenlight" && event.tokensAfter < event.tokensBefore)).toBe(true);
    // Every request the model read stayed inside the window, the reply's room left free.
    const prompts = server.requests.map((request) => JSON.stringify(request.body).length / 4);
    expect(Math.max(...prompts)).toBeLessThan(WINDOW);
  });

  it("answers a '400 prompt is too long' by clearing and asking again, when the window was taken for larger than it is", async () => {
    await writeFile(join(dir, "big.txt"), BIG);
    const reads = Array.from({ length: 10 }, (_, index) => reply([toolUse(`toolu_${index}`, "Read", { file_path: "big.txt", pass: index })]));
    server = await startFakeMessagesServer(responder([...reads, reply([text("done")])]), { strict: { models: [small(SONNET_5_5, WINDOW)] } });
    const { events, outcome } = await session({ maxInputTokens: 200_000, apiClearing: false, apiCompaction: false });
    expect(outcome).toMatchObject({ reason: "completed", finalText: "done" });
    expect(server.refusals.length).toBeGreaterThan(0);
    expect(server.refusals.every((refusal) => /^prompt is too long: \d+ tokens > 60000 maximum$/.test(refusal.error.message))).toBe(true);
    const reactions = events.filter((event) => event.type === "context_managed" && event.why === "prompt_too_long");
    expect(reactions.length).toBeGreaterThanOrEqual(server.refusals.length);
  });

  it("asks the API to clear old tool results where the model offers it, with its beta header", async () => {
    await writeFile(join(dir, "big.txt"), BIG);
    const reads = Array.from({ length: 8 }, (_, index) => reply([toolUse(`toolu_${index}`, "Read", { file_path: "big.txt", pass: index })]));
    server = await startFakeMessagesServer(responder([...reads, reply([text("done")])]), { strict: { models: [small(SONNET_5_5, WINDOW)] } });
    const { events, outcome } = await session({ maxInputTokens: WINDOW, apiClearing: true, apiCompaction: false });
    expect(server.refusals.map((refusal) => refusal.error.message)).toEqual([]);
    expect(outcome.reason).toBe("completed");
    expect(String(server.requests[0]!.headers["anthropic-beta"])).toContain("context-management-2025-06-27");
    expect(server.requests[0]!.body.context_management).toMatchObject({ edits: [{ type: "clear_tool_uses_20250919" }] });
    const cleared = events.filter((event) => event.type === "context_managed" && event.by === "api");
    expect(cleared.length).toBeGreaterThan(0);
  });

  it("compacts by itself where the API does not: the task and the latest failure stay verbatim, the recent turns unchanged", async () => {
    await writeFile(join(dir, "big.txt"), "short");
    const musing = "I am weighing the design once more before the next read. ".repeat(200);
    const turns = Array.from({ length: 16 }, (_, index) => reply([text(`${index}: ${musing}`), toolUse(`toolu_${index}`, "Read", { file_path: index === 3 ? "missing.txt" : "big.txt", pass: index })]));
    server = await startFakeMessagesServer(responder([...turns, reply([text("done")])]), { strict: { models: [small(SONNET_5_5, WINDOW)] } });
    const prompt = "Make greet() pass test/greet.test.js (locked). Latest gate failure: greets by name - expected 'Hello, Ada!'.";
    const { events, outcome } = await session({ maxInputTokens: WINDOW, apiClearing: false, apiCompaction: false }, prompt);
    expect(server.refusals.map((refusal) => refusal.error.message)).toEqual([]);
    expect(outcome.reason).toBe("completed");
    const compactions = events.filter((event) => event.type === "context_managed" && event.action === "compacted");
    expect(compactions.length).toBeGreaterThan(0);
    expect(compactions.every((event) => event.type === "context_managed" && event.by === "greenlight" && event.usage !== undefined && event.costUsd! > 0)).toBe(true);
    const summaryAt = server.requests.findIndex((request) => JSON.stringify(request.body.system ?? "").includes("You condense"));
    const next = server.requests[summaryAt + 1]!.body.messages as Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
    expect(next[0]!.role).toBe("user");
    expect(next[0]!.content[0]!.text).toContain(prompt);
    expect(next[0]!.content[0]!.text).toContain("Read big.txt several times");
    expect(next[0]!.content[0]!.text).toMatch(/The latest failure, verbatim\n\n.*missing\.txt/s);
    expect(next[1]!.role).toBe("assistant");
    // The compacted prefix has a cache breakpoint of its own, one system block giving up its breakpoint for it.
    const sentAfter = server.requests[summaryAt + 1]!.body as { system: Array<Record<string, unknown>>; messages: Array<{ content: Array<Record<string, unknown>> }> };
    expect(sentAfter.messages[0]!.content.at(-1)!.cache_control).toEqual({ type: "ephemeral" });
    const breakpoints = JSON.stringify(sentAfter).match(/"cache_control"/g)?.length ?? 0;
    expect(breakpoints).toBeLessThanOrEqual(4);
    expect(JSON.stringify(next.at(-1))).toContain("tool_result");
    // The cost of the summary counts in the session's.
    expect(outcome.costUsd).toBeGreaterThan(events.filter((event) => event.type === "turn_finished").reduce((sum, event) => sum + (event.type === "turn_finished" ? event.costUsd : 0), 0));
  });

  it("lets the API compact where the model offers it, and sends its compaction block back verbatim", async () => {
    await writeFile(join(dir, "big.txt"), "short");
    const musing = "I am weighing the design once more before the next read. ".repeat(200);
    const turns = Array.from({ length: 24 }, (_, index) => reply([text(`${index}: ${musing}`), toolUse(`toolu_${index}`, "Read", { file_path: "big.txt", pass: index })]));
    const profile: ModelProfile = { ...SONNET_5_5, maxInputTokens: 100_000, defaultThinking: "off" };
    server = await startFakeMessagesServer(responder([...turns, reply([text("done")])]), { strict: { models: [profile] } });
    const { events, outcome } = await session({ maxInputTokens: 100_000, apiClearing: false, apiCompaction: true });
    expect(server.refusals.map((refusal) => refusal.error.message)).toEqual([]);
    expect(outcome.reason).toBe("completed");
    expect(String(server.requests[0]!.headers["anthropic-beta"])).toContain("compact-2026-01-12");
    const compacted = events.filter((event) => event.type === "context_managed" && event.action === "compacted");
    expect(compacted.map((event) => event.type === "context_managed" && event.by)).toEqual(["api"]);
    const after = server.requests.findIndex((request) => JSON.stringify(request.body.messages).includes('"type":"compaction"'));
    expect(after).toBeGreaterThan(0);
    const block = (server.requests[after]!.body.messages as Array<{ content: Array<Record<string, unknown>> }>).flatMap((message) => message.content).find((part) => part.type === "compaction");
    expect(block).toMatchObject({ type: "compaction", content: expect.stringMatching(/^Summary of \d+ earlier messages/) });
    // The turn after the compaction costs what the model read after it, billed per iteration.
    expect(outcome.usage.inputTokens + outcome.usage.cacheCreationInputTokens + outcome.usage.cacheReadInputTokens).toBeGreaterThan(0);
  });

  it("stops with a clear reason after 3 compactions that free nothing", async () => {
    server = await startFakeMessagesServer(responder([]), { strict: { models: [small(SONNET_5_5, WINDOW)] } });
    const huge = `Here is the whole log you must keep in mind:\n${BIG.repeat(8)}`;
    const { outcome } = await session({ maxInputTokens: WINDOW, apiClearing: false, apiCompaction: false }, huge);
    expect(outcome.reason).toBe("context_window");
    expect(outcome.error).toMatch(/3 compactions in a row freed less than 5%/);
    expect(server.refusals.every((refusal) => /prompt is too long: \d+ tokens > 60000 maximum/.test(refusal.error.message))).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });
});
