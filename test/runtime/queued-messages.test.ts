import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../../src/domain/events.js";
import { MessageQueue, type AgentMessageEvent } from "../../src/person/message-queue.js";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { drainSession, runSession } from "../../src/runtime/index.js";
import type { Tool } from "../../src/tools/tool.js";
import { reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";
import { testAgent } from "../support/test-agent.js";

/**
 * A person's messages typed while the agent works reach the model at the next turn boundary: in the user
 * message after the tool results, in the order typed, through the real SDK against a local Messages API.
 */

let server: FakeMessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const agent = testAgent({ name: "qa", description: "writes tests", prompt: "You write tests.", source: { file: "qa.md", origin: "builtin" }, model: "claude-haiku-4-5" });

/** A tool during which the person types: `during` runs while the call is in progress. */
function workTool(during: () => void): Tool<{ step: string }> {
  return {
    name: "Work",
    description: "Does one step",
    inputSchema: z.object({ step: z.string() }),
    title: (input) => input.step,
    async execute(input) {
      during();
      return { content: `did ${input.step}`, isError: false, summary: "ok" };
    },
  };
}

type Body = { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
const lastMessageOf = (index: number) => (server!.requests[index]!.body as Body).messages.at(-1)!;

async function session(queue: MessageQueue, during: (step: number) => void) {
  let step = 0;
  const events: AgentEvent[] = [];
  const provider = createAnthropicProvider({ apiKey: "k", baseURL: server!.baseURL, env: {} });
  const outcome = await drainSession(
    runSession({ agent, model: "claude-haiku-4-5", provider, tools: [workTool(() => during(++step))], prompt: "write the tests", signal: new AbortController().signal, takeQueuedMessages: () => queue.take("qa") }),
    (event) => events.push(event),
  );
  return { outcome, events };
}

describe("messages queued while an agent works", () => {
  it("go after the tool results in the same user message, in the order typed; a withdrawn one never goes", async () => {
    server = await startFakeMessagesServer([
      reply([toolUse("toolu_1", "Work", { step: "one" }), toolUse("toolu_2", "Work", { step: "two" })]),
      reply([toolUse("toolu_3", "Work", { step: "three" })]),
      reply([text("Done.")]),
    ]);
    const published: AgentMessageEvent[] = [];
    const queue = new MessageQueue((event) => published.push(event));
    const { outcome } = await session(queue, (step) => {
      if (step === 1) queue.queue("qa", "first: use vitest");
      if (step === 2) {
        const dropped = queue.queue("qa", "never mind this one")!;
        queue.queue("qa", "second: name the file add.test.js");
        queue.withdraw(dropped.id);
      }
    });
    expect(outcome.reason).toBe("completed");
    expect(server.requests).toHaveLength(3);
    expect(lastMessageOf(1)).toEqual({
      role: "user",
      content: [
        expect.objectContaining({ type: "tool_result", tool_use_id: "toolu_1", content: "did one" }),
        expect.objectContaining({ type: "tool_result", tool_use_id: "toolu_2", content: "did two" }),
        expect.objectContaining({ type: "text", text: "first: use vitest" }),
        expect.objectContaining({ type: "text", text: "second: name the file add.test.js" }),
      ],
    });
    expect(lastMessageOf(2).content).toEqual([expect.objectContaining({ type: "tool_result", tool_use_id: "toolu_3" })]);
    expect(server.requests.map((request) => request.rawBody).join("")).not.toContain("never mind this one");
    expect(published.map((event) => `${event.text}: ${event.state}`)).toEqual([
      "first: use vitest: queued",
      "never mind this one: queued",
      "second: name the file add.test.js: queued",
      "never mind this one: withdrawn",
      "first: use vitest: delivered",
      "second: name the file add.test.js: delivered",
    ]);
  });

  it("keeps the session going when a message waits as the model ends its turn", async () => {
    server = await startFakeMessagesServer([reply([toolUse("toolu_1", "Work", { step: "one" })]), reply([text("All written.")]), reply([text("Renamed as you asked.")])]);
    const queue = new MessageQueue(() => undefined);
    const provider = createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} });
    let asked = 0;
    // The message arrives after the tool results were sent: the model's end of turn is the next boundary.
    const outcome = await drainSession(
      runSession({
        agent,
        model: "claude-haiku-4-5",
        provider,
        tools: [workTool(() => undefined)],
        prompt: "write the tests",
        signal: new AbortController().signal,
        takeQueuedMessages: () => {
          if (++asked === 2) queue.queue("qa", "rename it please");
          return queue.take("qa");
        },
      }),
      () => undefined,
    );
    expect(outcome.reason).toBe("completed");
    expect(outcome.turns).toBe(3);
    expect(outcome.finalText).toBe("Renamed as you asked.");
    expect(lastMessageOf(2)).toEqual({ role: "user", content: [expect.objectContaining({ type: "text", text: "rename it please" })] });
  });

  it("are not taken by a session that is stopping: they stay queued for the agent's next session", async () => {
    server = await startFakeMessagesServer([reply([toolUse("toolu_1", "Work", { step: "one" })]), reply([text("unreached")])]);
    const queue = new MessageQueue(() => undefined);
    const stop = new AbortController();
    const provider = createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} });
    const outcome = await drainSession(
      runSession({
        agent,
        model: "claude-haiku-4-5",
        provider,
        tools: [workTool(() => (queue.queue("qa", "after the cancel"), stop.abort()))],
        prompt: "write the tests",
        signal: stop.signal,
        takeQueuedMessages: () => queue.take("qa"),
      }),
      () => undefined,
    );
    expect(outcome.reason).toBe("aborted");
    expect(queue.pending("qa")).toBe(true);
    expect(queue.take("qa")).toEqual(["after the cancel"]);
  });
});
