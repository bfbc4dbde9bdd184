import type { RunEvent, RunEventBody } from "../domain/events.js";

export type RunEventListener = (event: RunEvent) => void;

/**
 * The run's one event stream. Publishing stamps the envelope (sequence, time, run id); a listener that
 * throws is reported on stderr and never stops the others from seeing the event.
 */
export class EventBus {
  private seq = 0;
  private readonly listeners = new Set<RunEventListener>();

  constructor(readonly runId: string) {}

  publish(body: RunEventBody, requirement?: string): RunEvent {
    const event = {
      ...body,
      v: 1,
      seq: this.seq++,
      at: new Date().toISOString(),
      runId: this.runId,
      requirement: requirement ?? ("requirement" in body ? body.requirement : undefined),
    } as RunEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.stderr.write(`greenlight: an event listener failed on ${event.type}: ${String(error)}\n`);
      }
    }
    return event;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
