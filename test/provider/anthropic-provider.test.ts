import { afterEach, describe, expect, it } from "vitest";
import { createAnthropicProvider, type AnthropicProviderOptions } from "../../src/provider/anthropic-provider.js";
import { ProviderError, type ModelRequest, type ProviderEvent } from "../../src/provider/model-provider.js";
import { httpError, reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer, type FakeResponse } from "../support/fake-messages-server.js";

const request: ModelRequest = {
  model: "claude-haiku-4-5",
  system: ["You are a careful engineer."],
  tools: [
    { name: "Read", description: "Read a file", input_schema: { type: "object", properties: { file_path: { type: "string" } } } },
    { name: "Bash", description: "Run a command", input_schema: { type: "object", properties: { command: { type: "string" } } } },
  ],
  messages: [{ role: "user", content: [{ type: "text", text: "Fix the failing test." }] }],
  maxTokens: 1024,
  agent: "backend",
};

let server: FakeMessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(responses: FakeResponse[]) {
  server = await startFakeMessagesServer(responses);
  return server;
}

function provider(extra: AnthropicProviderOptions = {}) {
  return createAnthropicProvider({ apiKey: "test-key", baseURL: server!.baseURL, baseDelayMs: 5, maxDelayMs: 20, env: {}, ...extra });
}

async function collect(events: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const seen: ProviderEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

async function failure(events: AsyncIterable<ProviderEvent>): Promise<{ error: ProviderError; seen: ProviderEvent[] }> {
  const seen: ProviderEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
  } catch (error) {
    if (error instanceof ProviderError) return { error, seen };
    throw error;
  }
  throw new Error("expected the turn to fail");
}

const finalMessage = (events: ProviderEvent[]) => events.find((event) => event.type === "message");
const retries = (events: ProviderEvent[]) => events.filter((event) => event.type === "retry");

describe("AnthropicProvider against a local Messages API server", () => {
  it("streams text deltas, then the final message with the tool call and usage", async () => {
    await start([reply([text("Let me look at the test first."), toolUse("toolu_1", "Read", { file_path: "test/calc.test.js" })])]);
    const events = await collect(provider().stream(request, new AbortController().signal));
    const streamed = events.filter((event) => event.type === "text_delta").map((event) => (event as { text: string }).text).join("");
    expect(streamed).toBe("Let me look at the test first.");
    const message = finalMessage(events);
    expect(message).toMatchObject({
      type: "message",
      stopReason: "tool_use",
      model: "claude-haiku-4-5",
      content: [{ type: "text", text: "Let me look at the test first." }, { type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "test/calc.test.js" } }],
    });
    if (message?.type === "message") {
      expect(message.usage.cacheCreationInputTokens).toBeGreaterThan(0);
      expect(message.usage.outputTokens).toBeGreaterThan(0);
    }
  });

  it("places cache breakpoints on the last tool, the system prompt and the newest message's last block", async () => {
    await start([reply([text("ok")])]);
    const withHistory: ModelRequest = {
      ...request,
      messages: [
        ...request.messages,
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "a.js" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "x" }, { type: "text", text: "go on" }] },
      ],
    };
    await collect(provider().stream(withHistory, new AbortController().signal));
    const body = server!.requests[0]!.body as {
      tools: Array<Record<string, unknown>>;
      system: Array<Record<string, unknown>>;
      messages: Array<{ content: Array<Record<string, unknown>> }>;
    };
    expect(body.tools.map((tool) => tool.cache_control)).toEqual([undefined, { type: "ephemeral" }]);
    expect(body.system).toEqual([{ type: "text", text: request.system[0], cache_control: { type: "ephemeral" } }]);
    const marks = body.messages.flatMap((message) => message.content.map((block) => block.cache_control));
    expect(marks).toEqual([undefined, undefined, undefined, { type: "ephemeral" }]);
  });

  it("ends each of the last two system blocks at a breakpoint and drops empty ones, so a request never holds more than four", async () => {
    await start([reply([text("ok")])]);
    await collect(provider().stream({ ...request, system: ["body", "", "instructions", "environment"] }, new AbortController().signal));
    const body = server!.requests[0]!.body as { system: Array<Record<string, unknown>> };
    expect(body.system).toEqual([
      { type: "text", text: "body" },
      { type: "text", text: "instructions", cache_control: { type: "ephemeral" } },
      { type: "text", text: "environment", cache_control: { type: "ephemeral" } },
    ]);
  });

  it("reads the previous prefix from cache on the next turn", async () => {
    await start([reply([text("first")]), reply([text("second")])]);
    const first = finalMessage(await collect(provider().stream(request, new AbortController().signal)));
    const next: ModelRequest = {
      ...request,
      messages: [...request.messages, { role: "assistant", content: [{ type: "text", text: "first" }] }, { role: "user", content: [{ type: "text", text: "and now?" }] }],
    };
    const second = finalMessage(await collect(provider().stream(next, new AbortController().signal)));
    expect(first?.type === "message" && first.usage.cacheReadInputTokens).toBe(0);
    // The whole first request, newest message included, is read back: the message breakpoint works.
    expect(second?.type === "message" && second.usage.cacheReadInputTokens).toBe(first?.type === "message" && first.usage.cacheCreationInputTokens);
    expect(second?.type === "message" && second.usage.cacheCreationInputTokens).toBeGreaterThan(0);
  });

  it.each([
    ["429 with retry-after", httpError(429, "rate_limit_error", "Rate limited", "0")],
    ["529 overloaded", httpError(529, "overloaded_error", "Overloaded")],
    ["500 api error", httpError(500, "api_error", "Internal error")],
    ["an error event mid-stream", reply([text("partial answer that breaks")], { fault: { afterEvents: 4, then: "error_event" } })],
    ["a cut stream", reply([text("partial answer that is cut")], { fault: { afterEvents: 4, then: "cut" } })],
  ])("retries the whole turn with the same request after %s", async (_name, fault) => {
    await start([fault, reply([text("recovered")])]);
    const events = await collect(provider().stream(request, new AbortController().signal));
    expect(retries(events)).toHaveLength(1);
    expect(finalMessage(events)).toMatchObject({ content: [{ type: "text", text: "recovered" }] });
    expect(server!.requests).toHaveLength(2);
    expect(server!.requests[1]!.body).toEqual(server!.requests[0]!.body);
  });

  it("aborts a stalled stream after the idle timeout and retries", async () => {
    await start([reply([text("this stalls")], { fault: { afterEvents: 3, then: "stall" } }), reply([text("after the stall")])]);
    const events = await collect(provider({ idleTimeoutMs: 300 }).stream(request, new AbortController().signal));
    expect(retries(events)[0]).toMatchObject({ reason: expect.stringContaining("stalled") });
    expect(finalMessage(events)).toMatchObject({ content: [{ type: "text", text: "after the stall" }] });
  });

  it("reads the idle timeout from GREENLIGHT_STREAM_IDLE_TIMEOUT_MS", async () => {
    await start([reply([text("stall")], { fault: { afterEvents: 2, then: "stall" } }), reply([text("fine")])]);
    const events = await collect(provider({ env: { GREENLIGHT_STREAM_IDLE_TIMEOUT_MS: "250" } }).stream(request, new AbortController().signal));
    expect(retries(events)).toHaveLength(1);
  });

  it("gives up when retries run out, saying why", async () => {
    await start([httpError(529, "overloaded_error", "Overloaded"), httpError(529, "overloaded_error", "Overloaded"), httpError(529, "overloaded_error", "Overloaded")]);
    const { error, seen } = await failure(provider({ maxRetries: 2 }).stream(request, new AbortController().signal));
    expect(error.kind).toBe("retries_exhausted");
    expect(error.message).toMatch(/gave up after 3 attempts.*529.*overloaded_error/);
    expect(retries(seen)).toHaveLength(2);
    expect(server!.requests).toHaveLength(3);
  });

  it("refuses a retry-after longer than the cap instead of waiting", async () => {
    await start([httpError(429, "rate_limit_error", "Slow down", "75")]);
    const { error } = await failure(provider({ maxRetryWaitMs: 60_000 }).stream(request, new AbortController().signal));
    expect(error.message).toMatch(/asked to wait 75 s.*more than the 60 s/);
    expect(server!.requests).toHaveLength(1);
  });

  it("does not retry a 401 and names the variables to check", async () => {
    await start([httpError(401, "authentication_error", "invalid x-api-key")]);
    const { error } = await failure(provider().stream(request, new AbortController().signal));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/ANTHROPIC_API_KEY/);
    expect(server!.requests).toHaveLength(1);
  });

  it("does not retry a 400 and repeats what the API said", async () => {
    await start([httpError(400, "invalid_request_error", "max_tokens: too large")]);
    const { error } = await failure(provider().stream(request, new AbortController().signal));
    expect(error.kind).toBe("bad_request");
    expect(error.message).toMatch(/max_tokens: too large/);
    expect(server!.requests).toHaveLength(1);
  });

  it("says which variable to set when no key is given", () => {
    expect(() => createAnthropicProvider({ env: {} })).toThrow(/set ANTHROPIC_API_KEY/);
  });

  it("turns an abort mid-stream into ProviderError('aborted') without retrying", async () => {
    await start([reply([text("a long answer that keeps on streaming for a while")], { eventDelayMs: 50 })]);
    const controller = new AbortController();
    const seen: ProviderEvent[] = [];
    const run = (async () => {
      for await (const event of provider().stream(request, controller.signal)) {
        seen.push(event);
        if (event.type === "text_delta") controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: "aborted" });
    expect(retries(seen)).toHaveLength(0);
    expect(server!.requests).toHaveLength(1);
  });

  it("aborts during a retry wait", async () => {
    await start([httpError(429, "rate_limit_error", "wait", "20")]);
    const controller = new AbortController();
    const run = (async () => {
      for await (const event of provider().stream(request, controller.signal)) if (event.type === "retry") controller.abort();
    })();
    await expect(run).rejects.toMatchObject({ kind: "aborted" });
  });
});
