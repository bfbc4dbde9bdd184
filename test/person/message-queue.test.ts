import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/domain/events.js";
import { EventBus } from "../../src/events/event-bus.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";
import { Inbox } from "../../src/person/inbox.js";
import { MessageQueue } from "../../src/person/message-queue.js";
import { RunController } from "../../src/person/run-controller.js";
import type { SessionOutcome } from "../../src/runtime/index.js";

const outcome: SessionOutcome = {
  reason: "completed",
  turns: 1,
  usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  costUsd: 0,
  durationMs: 0,
  finalText: "",
  messages: [],
  filesChanged: [],
};

const states = (events: RunEvent[]) => events.flatMap((event) => (event.type === "agent_message" ? [`${event.requirement ?? "-"} ${event.agent} ${event.text}: ${event.state}${event.note ? ` (${event.note})` : ""}`] : []));

/** A run's queue, sessions and controller wired as start-run wires them, with the conversations recorded. */
function wired(cannotConverse: (agent: string) => string | undefined = () => undefined) {
  const bus = new EventBus("r");
  const events: RunEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const messages = new MessageQueue((event, requirement) => bus.publish(event, requirement));
  const sessions = new AgentSessions(new AbortController().signal, (key) => messages.take(key));
  const conversations: string[] = [];
  const run = new AbortController();
  const controller = new RunController(bus, run);
  controller.connect({
    inbox: new Inbox(bus),
    sessions,
    messages,
    agents: { converse: async (agent, prompt, _fresh, lane) => conversations.push(`${agent}${lane ? `@${lane}` : ""}: ${prompt}`) },
    currentRequirement: () => undefined,
    cannotConverse,
    diff: async () => undefined,
  });
  /** A session of `key` that runs until released; `boundary()` is one of its turn boundaries. */
  const working = (key: string) => {
    let release = () => {};
    let take: () => string[] = () => [];
    const done = sessions.run(key, async (_signal, takeQueued) => {
      take = takeQueued;
      await new Promise<void>((resolve) => (release = resolve));
      return outcome;
    });
    return { boundary: () => take(), finish: async () => (release(), await done) };
  };
  return { bus, events, messages, sessions, controller, conversations, working, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the person's messages to working agents", () => {
  it("queues a message to a busy agent instead of refusing it, and the session takes them in the order typed", async () => {
    const { controller, events, conversations, working } = wired();
    const qa = working("qa");
    expect(controller.conversationRefusal("qa", undefined, "message")).toBeUndefined();
    expect(controller.conversationRefusal("qa")).toMatch(/qa is busy/);
    controller.sendMessage("qa", "one");
    controller.sendMessage("qa", "two");
    controller.sendMessage("backend", "to an idle agent");
    expect(qa.boundary()).toEqual(["one", "two"]);
    expect(qa.boundary()).toEqual([]);
    await qa.finish();
    await tick();
    expect(conversations).toEqual(["backend: to an idle agent"]);
    expect(states(events)).toEqual(["- qa one: queued", "- qa two: queued", "- qa one: delivered", "- qa two: delivered"]);
  });

  it("withdraws a queued message before delivery, and says so when it has already gone", async () => {
    const { controller, events, working } = wired();
    const qa = working("qa");
    controller.sendMessage("qa", "keep");
    controller.sendMessage("qa", "drop");
    const dropped = events.filter((event) => event.type === "agent_message").at(-1) as Extract<RunEvent, { type: "agent_message" }>;
    controller.withdrawMessage(dropped.id);
    expect(qa.boundary()).toEqual(["keep"]);
    controller.withdrawMessage(dropped.id);
    expect(events.at(-1)).toMatchObject({ type: "log", level: "info", message: `message ${dropped.id} is no longer queued: it was delivered or withdrawn` });
    await qa.finish();
    expect(states(events)).toEqual(["- qa keep: queued", "- qa drop: queued", "- qa drop: withdrawn", "- qa keep: delivered"]);
  });

  it("starts the agent's next turn with what its session did not take, once it is idle", async () => {
    const { controller, conversations, events, working } = wired();
    const qa = working("qa");
    controller.sendMessage("qa", "first");
    controller.sendMessage("qa", "second");
    await qa.finish();
    await tick();
    expect(conversations).toEqual(["qa: first\n\nsecond"]);
    expect(states(events)).toEqual(["- qa first: queued", "- qa second: queued", "- qa first: delivered", "- qa second: delivered"]);
  });

  it("withdraws, with the reason, what its session did not take when the agent cannot be talked to", async () => {
    let offline: string | undefined;
    const { controller, conversations, events, working } = wired(() => offline);
    const qa = working("qa");
    controller.sendMessage("qa", "late");
    offline = "the cassette has no turns for agent 'qa'";
    await qa.finish();
    await tick();
    expect(conversations).toEqual([]);
    expect(states(events)).toEqual(["- qa late: queued", "- qa late: withdrawn (the cassette has no turns for agent 'qa')"]);
  });

  it("starts no turn with them once the run is stopping: they stay queued for the run's end", async () => {
    const { controller, conversations, messages, working, run } = wired();
    const qa = working("qa");
    controller.sendMessage("qa", "too late");
    run.abort();
    await qa.finish();
    await tick();
    expect(conversations).toEqual([]);
    expect(messages.pending("qa")).toBe(true);
  });

  it("keeps a lane's messages for that lane's session of the agent", async () => {
    const { controller, events, working } = wired();
    const lane1 = working("backend@REQ-001");
    const lane2 = working("backend@REQ-002");
    controller.sendMessage("backend", "for REQ-002", "REQ-002");
    expect(lane1.boundary()).toEqual([]);
    expect(lane2.boundary()).toEqual(["for REQ-002"]);
    await Promise.all([lane1.finish(), lane2.finish()]);
    expect(states(events)).toEqual(["REQ-002 backend for REQ-002: queued", "REQ-002 backend for REQ-002: delivered"]);
  });

  it("withdraws what is still queued when the run ends, and queues nothing after", () => {
    const events: string[] = [];
    const queue = new MessageQueue((event) => events.push(`${event.text}: ${event.state}${event.note ? ` (${event.note})` : ""}`));
    queue.queue("qa", "late");
    queue.close("the run ended");
    expect(queue.queue("qa", "later")).toBeUndefined();
    expect(queue.take("qa")).toEqual([]);
    expect(events).toEqual(["late: queued", "late: withdrawn (the run ended)"]);
  });
});
