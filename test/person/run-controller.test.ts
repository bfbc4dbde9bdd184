import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";
import { MessageQueue } from "../../src/person/message-queue.js";
import type { AgentRunner } from "../../src/run/agent-runner.js";
import { Inbox } from "../../src/person/inbox.js";
import { RunController } from "../../src/person/run-controller.js";

describe("run controller", () => {
  it("holds the next stage while paused and lets it go on resume", async () => {
    const bus = new EventBus("r");
    const seen: string[] = [];
    bus.subscribe((event) => seen.push(event.type));
    const controller = new RunController(bus, new AbortController());
    controller.pause();
    let released = false;
    const waiting = controller.waitWhilePaused().then(() => (released = true));
    await new Promise((settle) => setImmediate(settle));
    expect(released).toBe(false);
    controller.resume();
    await waiting;
    expect(released).toBe(true);
    expect(seen).toEqual(["run_paused", "run_resumed"]);
  });

  it("quits by aborting the run's signal and waits for the run to finish", async () => {
    const abort = new AbortController();
    const controller = new RunController(new EventBus("r"), abort);
    let finished = false;
    controller.track(new Promise<void>((resolve) => abort.signal.addEventListener("abort", () => setImmediate(() => ((finished = true), resolve())))));
    await controller.quit();
    expect(abort.signal.aborted).toBe(true);
    expect(finished).toBe(true);
  });

  it("says plainly when an action cannot reach a run, and names an unknown inbox item", () => {
    const bus = new EventBus("r");
    const messages: string[] = [];
    bus.subscribe((event) => event.type === "log" && messages.push(event.message));
    const controller = new RunController(bus, new AbortController());
    controller.sendMessage("backend", "hi");
    expect(messages[0]).toBe("a message to backend is not possible: the run is not running");
    controller.connect({ inbox: new Inbox(bus), sessions: new AgentSessions(new AbortController().signal), messages: new MessageQueue(() => undefined), agents: {} as AgentRunner, currentRequirement: () => undefined, cannotConverse: () => undefined, diff: async () => undefined });
    controller.approve("approval-REQ-9-1");
    expect(messages[1]).toBe("no open inbox item 'approval-REQ-9-1'");
    controller.cancelAgent("qa");
    expect(messages[2]).toBe("qa has no turn running to cancel");
  });

  it("says before anything is typed why an agent cannot be talked to, and keeps showing diffs after the run ends", async () => {
    const bus = new EventBus("r");
    const controller = new RunController(bus, new AbortController());
    expect(controller.conversationRefusal("qa")).toBe("the run has not started yet");
    await expect(controller.diff("REQ-001")).rejects.toThrow("the run has not started yet");
    const inbox = new Inbox(bus);
    controller.connect({
      inbox,
      sessions: new AgentSessions(new AbortController().signal), messages: new MessageQueue(() => undefined),
      agents: {} as AgentRunner,
      currentRequirement: () => undefined,
      cannotConverse: (agent) => (agent === "reviewer" ? "the cassette has no turns for agent 'reviewer'" : undefined),
      diff: async (requirement) => (requirement === "REQ-001" ? "+a" : undefined),
    });
    expect(controller.conversationRefusal("qa")).toBeUndefined();
    expect(controller.conversationRefusal("reviewer")).toBe("the cassette has no turns for agent 'reviewer'");
    const blocked = inbox.ask({ kind: "escalation", requirement: "REQ-001", text: "stuck" }, new AbortController().signal);
    controller.skip("escalation-REQ-001-1");
    await expect(blocked).resolves.toEqual({ kind: "skip" });
    controller.connect(undefined);
    expect(controller.conversationRefusal("qa")).toMatch(/^the run has finished/);
    await expect(controller.diff("REQ-001")).resolves.toBe("+a");
    await expect(controller.diff("REQ-002")).rejects.toThrow("REQ-002 has not started");
  });
});
