import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  pausedTurn,
  refusal,
  reply,
  startFakeMessagesServer,
  STRICT_API_KEY,
  text,
  toolUse,
  SONNET_5_5,
  type FakeMessagesServer,
  type FakeResponse,
} from "../support/fake-messages-server.js";

/** The strict local server, driven by the real SDK: it must refuse what today's API refuses, word for word. */

let server: FakeMessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function strict(responses: FakeResponse[], models = [SONNET_5_5]) {
  server = await startFakeMessagesServer(responses, { strict: { models } });
  return new Anthropic({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, maxRetries: 0, logLevel: "off" });
}

const MODEL = "claude-sonnet-5-5";
const ask: Anthropic.MessageParam = { role: "user", content: "Write the file." };
const tools: Anthropic.Tool[] = [{ name: "Write", description: "Write a file", input_schema: { type: "object", properties: { file_path: { type: "string" }, content: { type: "string" } } } }];

const send = (client: Anthropic, params: Anthropic.MessageStreamParams) => client.messages.stream(params).finalMessage();

async function refused(promise: Promise<unknown>): Promise<{ status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected the request to be refused");
}

describe("the strict Messages API server", () => {
  it("refuses a wrong key with 401 on messages and models alike", async () => {
    await strict([reply([text("never")])]);
    const wrong = new Anthropic({ apiKey: "sk-wrong", baseURL: server!.baseURL, maxRetries: 0, logLevel: "off" });
    expect(await refused(wrong.messages.stream({ model: MODEL, max_tokens: 100, messages: [ask] }).finalMessage())).toMatchObject({ status: 401, message: expect.stringMatching(/authentication_error.*invalid x-api-key/) });
    expect(await refused(wrong.models.retrieve(MODEL))).toMatchObject({ status: 401 });
  });

  it("answers the Models API with limits and capabilities in the SDK's shape", async () => {
    const client = await strict([]);
    const info = await client.models.retrieve(MODEL);
    expect(info).toMatchObject({ id: MODEL, max_input_tokens: 1_000_000, max_tokens: 128_000 });
    expect(info.capabilities?.thinking.types).toMatchObject({ adaptive: { supported: true }, between_tools: { supported: true }, disabled: { supported: false }, enabled: { supported: false } });
    expect(info.capabilities?.effort.max).toEqual({ supported: true });
    expect(info.capabilities?.context_management.compact_20260112).toEqual({ supported: true });
    expect(await refused(client.models.retrieve("claude-nonexistent"))).toMatchObject({ status: 404 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toEqual([MODEL]);
  });

  it("thinks first with a signed block, and a tool loop must send that block back unchanged", async () => {
    const client = await strict([reply([toolUse("toolu_1", "Write", { file_path: "a.txt", content: "x" })], { thinking: "Write a.txt first." }), reply([text("done")]), reply([text("again")])]);
    const first = await client.messages.stream({ model: MODEL, max_tokens: 4000, tools, messages: [ask], thinking: { type: "adaptive", display: "summarized" } }).finalMessage();
    expect(first.content[0]).toMatchObject({ type: "thinking", thinking: "Write a.txt first.", signature: expect.any(String) });
    expect(first.stop_reason).toBe("tool_use");
    const results: Anthropic.MessageParam = { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "written" }] };
    const dropped = first.content.filter((block) => block.type !== "thinking") as Anthropic.ContentBlockParam[];
    expect(await refused(send(client, { model: MODEL, max_tokens: 4000, tools, messages: [ask, { role: "assistant", content: dropped }, results] }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("messages.1.content.0.type: Expected 'thinking' or 'redacted_thinking', but found 'tool_use'"),
    });
    const changed = first.content.map((block) => (block.type === "thinking" ? { ...block, thinking: "Something else." } : block)) as Anthropic.ContentBlockParam[];
    expect(await refused(send(client, { model: MODEL, max_tokens: 4000, tools, messages: [ask, { role: "assistant", content: changed }, results] }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("messages.1.content.0: Invalid `signature` in `thinking` block"),
    });
    const next = await client.messages.stream({ model: MODEL, max_tokens: 4000, tools, messages: [ask, { role: "assistant", content: first.content as Anthropic.ContentBlockParam[] }, results] }).finalMessage();
    expect(next.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(server!.requests).toHaveLength(4);
    expect(server!.refusals.map((entry) => entry.request.index)).toEqual([1, 2]);
  });

  it("omits the thinking text unless summarized display is asked for", async () => {
    const client = await strict([reply([text("ok")], { thinking: "hidden" })]);
    const message = await client.messages.stream({ model: MODEL, max_tokens: 4000, messages: [ask] }).finalMessage();
    expect(message.content[0]).toMatchObject({ type: "thinking", thinking: "" });
  });

  it.each([
    ["thinking disabled", { thinking: { type: "disabled" } }, /thinking.type: 'disabled' is not supported/],
    ["a thinking budget", { thinking: { type: "enabled", budget_tokens: 2000 } }, /'enabled' with budget_tokens is not supported/],
    ["temperature", { temperature: 0.2 }, /temperature: sampling parameters are not supported/],
    ["top_k", { top_k: 5 }, /top_k: sampling parameters are not supported/],
    ["a forced tool", { tools, tool_choice: { type: "tool", name: "Write" } }, /Thinking may not be enabled when tool_choice forces tool use/],
    ["any tool", { tools, tool_choice: { type: "any" } }, /Thinking may not be enabled when tool_choice forces tool use/],
    ["an assistant prefill", { messages: [ask, { role: "assistant", content: "Sure," }] }, /does not support assistant message prefill/],
    ["an empty text block", { messages: [{ role: "user", content: [{ type: "text", text: "" }] }] }, /text content blocks must be non-empty/],
    ["a whitespace text block", { messages: [{ role: "user", content: [{ type: "text", text: " \n" }] }] }, /must contain non-whitespace text/],
    ["max_tokens over the model's limit", { max_tokens: 200_000 }, /max_tokens: 200000 > 128000/],
    ["an effort it lacks", { model: "claude-sonnet-4-5", output_config: { effort: "high" } }, /effort is not supported for claude-sonnet-4-5/],
  ])("refuses %s with the documented 400, without using up a scripted reply", async (_name, extra, message) => {
    const client = await strict([reply([text("ok")])], [SONNET_5_5, { ...SONNET_5_5, id: "claude-sonnet-4-5", effortLevels: [] }]);
    const params = { model: MODEL, max_tokens: 4000, messages: [ask], ...extra } as Anthropic.MessageStreamParams;
    expect(await refused(send(client, params))).toMatchObject({ status: 400, message: expect.stringMatching(message) });
    expect((await send(client, { model: MODEL, max_tokens: 4000, messages: [ask], thinking: { type: "between_tools" } })).content).toEqual([{ type: "text", text: "ok" }]);
  });

  it("cuts a reply at max_tokens inside a tool input, which the SDK still fills from the partial JSON", async () => {
    const content = "line of the file\n".repeat(200);
    const client = await strict([reply([toolUse("toolu_1", "Write", { file_path: "big.txt", content })], { thinkingTokens: 1500 })]);
    const message = await client.messages.stream({ model: MODEL, max_tokens: 2000, tools, messages: [ask] }).finalMessage();
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(2000);
    // The SDK's partial parser drops the unterminated string and keeps the rest: a call that looks whole.
    expect(message.content.find((block) => block.type === "tool_use")).toMatchObject({ name: "Write", input: { file_path: "big.txt" } });
    const sent = server!.requests[0]!;
    expect(sent.body.max_tokens).toBe(2000);
  });

  it("names a refusal's category in stop_details", async () => {
    const client = await strict([refusal("cyber", [], "Declined.")]);
    const message = await client.messages.stream({ model: MODEL, max_tokens: 4000, messages: [ask] }).finalMessage();
    expect(message.stop_reason).toBe("refusal");
    expect(message.stop_details).toEqual({ type: "refusal", category: "cyber", explanation: "Declined." });
  });

  it("continues a paused turn when its content comes back unchanged", async () => {
    const client = await strict([pausedTurn([text("Still searching.")]), reply([text("Found it.")])]);
    const paused = await client.messages.stream({ model: MODEL, max_tokens: 4000, messages: [ask] }).finalMessage();
    expect(paused.stop_reason).toBe("pause_turn");
    const resumed = await client.messages
      .stream({ model: MODEL, max_tokens: 4000, messages: [ask, { role: "assistant", content: paused.content as Anthropic.ContentBlockParam[] }] })
      .finalMessage();
    expect(resumed.content.at(-1)).toEqual({ type: "text", text: "Found it." });
  });
});
