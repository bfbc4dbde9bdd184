import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../../src/domain/events.js";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { drainSession, runSession, type SessionOptions } from "../../src/runtime/index.js";
import { CONTINUE_NUDGE, CUT_CALL_RESULT } from "../../src/runtime/stop-reason-policy.js";
import type { Tool } from "../../src/tools/tool.js";
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
  type ModelProfile,
} from "../support/fake-messages-server.js";
import { testAgent } from "../support/test-agent.js";

/** Sessions through the real SDK against the strict server: how each stop reason is handled. */

let dir: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-stops-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const agent = testAgent();

/** Every content the Write tool ever put on disk, so a test can say what a file never held. */
const written: string[] = [];
const writeTool: Tool<{ file_path: string; content: string }> = {
  name: "Write",
  description: "Writes a file",
  inputSchema: z.object({ file_path: z.string(), content: z.string() }),
  title: (input) => input.file_path,
  async execute(input) {
    written.push(input.content);
    await writeFile(join(dir, input.file_path), input.content);
    return { content: `wrote ${input.file_path}`, isError: false, summary: "written", filesChanged: [input.file_path] };
  },
};

async function session(responses: FakeResponse[], models: ModelProfile[] = [SONNET_5_5], extra: Partial<SessionOptions> = {}) {
  written.length = 0;
  server = await startFakeMessagesServer(responses, { strict: { models } });
  const provider = createAnthropicProvider({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, env: {} });
  const events: AgentEvent[] = [];
  const outcome = await drainSession(
    runSession({ agent, model: "claude-sonnet-5-5", provider, tools: [writeTool as Tool], prompt: "implement it", signal: new AbortController().signal, ...extra }),
    (event) => events.push(event),
  );
  return { outcome, events, requests: server.requests };
}

const FULL = "export const greet = (name) => `Hello, ${name}!`;\n" + "// padding\n".repeat(400);
const HALF = "export const greet = (name) =>\n";

describe("a session's stop reasons, against a thinking model", () => {
  it("keeps thinking blocks through a tool loop and shows their summaries", async () => {
    const { outcome, events, requests } = await session([
      reply([toolUse("toolu_1", "Write", { file_path: "a.js", content: "a" })], { thinking: "Start with a.js." }),
      reply([text("Done.")], { thinking: "All written." }),
    ]);
    expect(outcome.reason, outcome.error).toBe("completed");
    expect(server!.refusals).toEqual([]);
    expect(requests[0]!.body.thinking).toEqual({ type: "adaptive", display: "summarized" });
    const second = requests[1]!.body.messages as Array<{ content: Array<{ type: string }> }>;
    expect(second[1]!.content[0]!.type).toBe("thinking");
    expect(events.filter((event) => event.type === "thinking").map((event) => (event as { text: string }).text)).toEqual(["Start with a.js.", "All written."]);
    expect(server!.modelLookups).toHaveLength(1);
  });

  it("continues an earlier transcript with its thinking blocks unchanged (a review sent back)", async () => {
    const first = await session([reply([toolUse("toolu_1", "Write", { file_path: "a.js", content: "a" })], { thinking: "First a.js." }), reply([text("Fixed.")])], [SONNET_5_5], {
      budgets: { maxTurns: 1 },
    });
    expect(first.outcome.reason).toBe("max_turns");
    const provider = createAnthropicProvider({ apiKey: STRICT_API_KEY, baseURL: server!.baseURL, env: {} });
    const again = await drainSession(
      runSession({ agent, model: "claude-sonnet-5-5", provider, tools: [writeTool as Tool], prompt: "address the review", priorMessages: first.outcome.messages, signal: new AbortController().signal }),
      () => undefined,
    );
    expect(again.reason, again.error).toBe("completed");
    expect(server!.refusals).toEqual([]);
    const sent = server!.requests[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(sent[1]!.content[0]).toEqual(first.outcome.messages[1]!.content[0]);
    expect(sent[1]!.content[0]).toMatchObject({ type: "thinking", thinking: "First a.js." });
  });

  it("never runs a call from a reply cut at max_tokens: asks again with the model's limit", async () => {
    const { outcome, events, requests } = await session([
      reply([toolUse("toolu_half", "Write", { file_path: "greet.js", content: HALF }), toolUse("toolu_cut", "Write", { file_path: "more.js", content: FULL })], { thinkingTokens: 31_900 }),
      reply([toolUse("toolu_full", "Write", { file_path: "greet.js", content: FULL })]),
      reply([text("Written.")]),
    ]);
    expect(outcome.reason, outcome.error).toBe("completed");
    expect(requests.map((request) => request.body.max_tokens)).toEqual([32_000, 128_000, 128_000]);
    expect(written).toEqual([FULL]);
    expect(await readFile(join(dir, "greet.js"), "utf8")).toBe(FULL);
    expect(JSON.stringify(requests[1]!.body.messages)).not.toContain("toolu_half");
    expect(events.find((event) => event.type === "reply_cut")).toMatchObject({ maxTokens: 32_000, next: "ask_again", newMaxTokens: 128_000, callsNotRun: ["Write", "Write"] });
  });

  it("at the model's limit asks for smaller pieces three times, then ends with max_tokens", async () => {
    const small = { ...SONNET_5_5, maxTokens: 32_000 };
    const cut = reply([toolUse("toolu_c", "Write", { file_path: "big.js", content: FULL })], { thinkingTokens: 31_990 });
    const { outcome, events, requests } = await session([cut, cut, cut, cut], [small], { maxOutputTokens: 200_000 });
    expect(outcome.reason).toBe("max_tokens");
    expect(outcome.error).toMatch(/cut off at the output limit \(32000 tokens\), 3 times/);
    expect(requests.map((request) => request.body.max_tokens)).toEqual([32_000, 32_000, 32_000, 32_000]);
    const nudged = (requests[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>).at(-1)!;
    expect(nudged.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_c", content: CUT_CALL_RESULT, is_error: true },
      { type: "text", text: CONTINUE_NUDGE, cache_control: { type: "ephemeral" } },
    ]);
    expect(written).toEqual([]);
    expect(events.filter((event) => event.type === "reply_cut").map((event) => (event as { next: string }).next)).toEqual(["nudge", "nudge", "nudge", "end"]);
  });

  it("ends as refused with the category, and continues a paused turn by sending it back", async () => {
    const refused = await session([pausedTurn([text("Looking around.")]), refusal("cyber", [], "Declined.")]);
    expect(refused.outcome).toMatchObject({ reason: "refused", error: "the model refused to continue (category: cyber): Declined.", refusal: { category: "cyber" } });
    const resumed = refused.requests[1]!.body.messages as Array<{ role: string }>;
    expect(resumed.at(-1)!.role).toBe("assistant");
    expect(server!.refusals).toEqual([]);
  });

  it("treats a stop at the context window as truncated: its calls never run", async () => {
    // Each stop makes the context window try to make room; a conversation it cannot shrink ends after three tries.
    const truncated = () => reply([toolUse("toolu_w", "Write", { file_path: "w.js", content: HALF })], { stopReason: "model_context_window_exceeded" });
    const { outcome } = await session([truncated(), truncated(), truncated()]);
    expect(outcome.reason).toBe("context_window");
    expect(written).toEqual([]);
  });
});
