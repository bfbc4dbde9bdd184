import Anthropic from "@anthropic-ai/sdk";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { loadCassette } from "../../src/provider/load-cassette.js";
import { createModelCapabilitiesReader } from "../../src/provider/model-capabilities.js";
import type { ModelRequest, ProviderEvent } from "../../src/provider/model-provider.js";
import { createRecordingProvider } from "../../src/provider/recording-provider.js";
import { createScriptedProvider } from "../../src/provider/scripted-provider.js";
import { redactedThinking, refusal, reply, SONNET_4_5, SONNET_5_5, startFakeMessagesServer, STRICT_API_KEY, text, thinking, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";

let dir: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-caps-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const signal = () => new AbortController().signal;
async function finalOf(events: AsyncIterable<ProviderEvent>) {
  let message: Extract<ProviderEvent, { type: "message" }> | undefined;
  for await (const event of events) if (event.type === "message") message = event;
  return message!;
}

describe("the Models API reader", () => {
  it("reads a model's limits and capabilities once however often it is asked", async () => {
    server = await startFakeMessagesServer([], { strict: { models: [SONNET_5_5, SONNET_4_5] } });
    const client = new Anthropic({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, maxRetries: 0, logLevel: "off" });
    const reader = createModelCapabilitiesReader(client.models);
    const [first, second] = await Promise.all([reader.capabilities("claude-sonnet-5-5"), reader.capabilities("claude-sonnet-5-5")]);
    expect(first).toBe(second);
    expect(first).toEqual({
      model: "claude-sonnet-5-5",
      maxInputTokens: 1_000_000,
      maxOutputTokens: 128_000,
      thinkingTypes: ["adaptive", "between_tools"],
      effortLevels: ["low", "medium", "high", "xhigh", "max"],
      contextManagement: { clearToolUses: true, clearThinking: true, compact: true },
      source: "models_api",
    });
    expect(await reader.capabilities("claude-sonnet-4-5")).toMatchObject({ thinkingTypes: ["enabled", "disabled"], effortLevels: [], maxOutputTokens: 64_000 });
    expect(server.modelLookups.map((lookup) => lookup.path)).toEqual(["/v1/models/claude-sonnet-5-5", "/v1/models/claude-sonnet-4-5"]);
  });

  it("falls back to what every model takes when the lookup fails", async () => {
    server = await startFakeMessagesServer([], { strict: true });
    const client = new Anthropic({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, maxRetries: 0, logLevel: "off" });
    const caps = await createModelCapabilitiesReader(client.models).capabilities("claude-unknown");
    expect(caps).toMatchObject({ source: "unknown", thinkingTypes: [], effortLevels: [], maxOutputTokens: undefined, lookupError: expect.stringMatching(/404/) });
  });
});

describe("requests built from the capabilities read", () => {
  it("are accepted by each model for every thinking and effort setting", async () => {
    const settings = (["adaptive", "off", 4096, undefined] as const).flatMap((thinking) => (["low", "xhigh", "max", undefined] as const).map((effort) => ({ thinking, effort })));
    const models = [SONNET_5_5, SONNET_4_5, { ...SONNET_5_5, id: "claude-opus-5-5", effortLevels: ["low", "medium", "high", "max"] as const }];
    server = await startFakeMessagesServer(() => reply([text("ok")]), { strict: { models } });
    const provider = createAnthropicProvider({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, env: {} });
    for (const model of models) {
      for (const { thinking, effort } of settings) {
        const request: ModelRequest = {
          model: model.id,
          system: ["s"],
          tools: [],
          messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
          maxTokens: 200_000,
          agent: "qa",
          ...(thinking === undefined ? {} : { thinking }),
          ...(effort === undefined ? {} : { effort }),
        };
        expect((await finalOf(provider.stream(request, signal()))).stopReason).toBe("end_turn");
      }
    }
    expect(server.refusals).toEqual([]);
    expect(server.requests).toHaveLength(models.length * settings.length);
    expect(server.modelLookups).toHaveLength(models.length);
  });
});

describe("a cassette of a thinking model", () => {
  const ask: ModelRequest = { model: "claude-sonnet-5-5", system: ["s"], tools: [], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], maxTokens: 4000, agent: "qa" };

  it("records thinking and redacted thinking verbatim with every stop reason, and replays them", async () => {
    server = await startFakeMessagesServer(
      [
        reply([thinking("Plan it."), redactedThinking(), toolUse("toolu_1", "Read", { file_path: "a" })]),
        reply([text("Halfway")], { stopReason: "pause_turn" }),
        refusal("bio", [], "No."),
      ],
      { strict: true },
    );
    const file = join(dir, "thinking.json");
    const recording = createRecordingProvider(createAnthropicProvider({ apiKey: STRICT_API_KEY, baseURL: server.baseURL, env: {} }), file);
    const live = [await finalOf(recording.stream(ask, signal())), await finalOf(recording.stream(ask, signal())), await finalOf(recording.stream(ask, signal()))];
    expect(live[0]!.content.map((block) => block.type)).toEqual(["thinking", "redacted_thinking", "tool_use"]);
    expect(live[0]!.content[0]).toMatchObject({ thinking: "Plan it.", signature: expect.any(String) });
    expect(live[2]!.refusal).toEqual({ category: "bio", explanation: "No." });
    const replay = createScriptedProvider(await loadCassette(file));
    const replayed = [await finalOf(replay.stream(ask, signal())), await finalOf(replay.stream(ask, signal())), await finalOf(replay.stream(ask, signal()))];
    const shape = (message: Extract<ProviderEvent, { type: "message" }>) => [message.content, message.stopReason, message.refusal];
    expect(replayed.map(shape)).toEqual(live.map(shape));
    expect(replayed.map((message) => message.stopReason)).toEqual(["tool_use", "pause_turn", "refusal"]);
    expect(JSON.parse(await readFile(file, "utf8")).scripts[0].turns[0].content[1]).toEqual(live[0]!.content[1]);
  });
});
