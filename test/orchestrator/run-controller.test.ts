import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import { RunController } from "../../src/orchestrator/run-controller.js";

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

  it("says plainly which keyboard actions this build does not carry out", () => {
    const bus = new EventBus("r");
    const messages: string[] = [];
    bus.subscribe((event) => event.type === "log" && messages.push(event.message));
    new RunController(bus, new AbortController()).sendMessage("backend", "hi");
    expect(messages[0]).toMatch(/messages to backend during a run is not available in this build/);
  });
});
