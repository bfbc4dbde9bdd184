import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";
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
    controller.connect({ inbox: new Inbox(bus), sessions: new AgentSessions(new AbortController().signal), agents: {} as AgentRunner, currentRequirement: () => undefined });
    controller.approve("approval-REQ-9-1");
    expect(messages[1]).toBe("no open inbox item 'approval-REQ-9-1'");
    controller.cancelAgent("qa");
    expect(messages[2]).toBe("qa has no turn running to cancel");
  });
});
