import { describe, expect, it } from "vitest";
import type { SessionOutcome } from "../../src/runtime/index.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";

const outcome = (finalText: string): SessionOutcome => ({
  reason: "completed",
  turns: 1,
  usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  costUsd: 0,
  durationMs: 0,
  finalText,
  messages: [{ role: "assistant", content: [{ type: "text", text: finalText }] }],
  filesChanged: [],
});

/** A session that ends when its signal aborts (reporting how) or when released. */
function controllable() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const seen: string[] = [];
  const body = (name: string) => async (signal: AbortSignal) => {
    seen.push(`${name} started`);
    await Promise.race([released, new Promise((resolve) => signal.addEventListener("abort", resolve))]);
    return outcome(signal.aborted ? `${name} aborted` : `${name} done`);
  };
  return { body, release: () => release(), seen };
}

describe("agent sessions", () => {
  it("cancels one agent's session only, and the run's signal still reaches the others", async () => {
    const run = new AbortController();
    const sessions = new AgentSessions(run.signal);
    const { body } = controllable();
    const qa = sessions.run("qa", body("qa"));
    const backend = sessions.run("backend", body("backend"));
    expect(sessions.cancel("qa")).toBe(true);
    expect((await qa).finalText).toBe("qa aborted");
    expect(sessions.isBusy("backend")).toBe(true);
    expect(sessions.cancel("qa")).toBe(false);
    run.abort();
    expect((await backend).finalText).toBe("backend aborted");
    expect(sessions.lastOf("qa")!.finalText).toBe("qa aborted");
  });

  it("runs a second session of a busy agent only after the first ends, and settles when all have", async () => {
    const sessions = new AgentSessions(new AbortController().signal);
    const first = controllable();
    const one = sessions.run("backend", first.body("person's message"));
    const two = sessions.run("backend", async () => {
      first.seen.push("stage started");
      return outcome("stage done");
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.seen).toEqual(["person's message started"]);
    let settled = false;
    const waiting = sessions.settled().then(() => (settled = true));
    first.release();
    await Promise.all([one, two, waiting]);
    expect(first.seen).toEqual(["person's message started", "stage started"]);
    expect(settled).toBe(true);
    expect(sessions.lastOf("backend")!.finalText).toBe("stage done");
  });
});
