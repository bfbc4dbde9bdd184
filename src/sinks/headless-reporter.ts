import type { RunEvent } from "../domain/events.js";
import type { EventBus } from "../events/event-bus.js";
import { HeadlessLines } from "./headless-line.js";

export interface Writable {
  write(text: string): unknown;
}

/**
 * Subscribes a headless output to the bus: readable lines, or (json) every event as one JSON line with
 * the run log's schema. Returns the unsubscribe function.
 */
export function attachHeadlessReporter(bus: EventBus, out: Writable, options: { json: boolean }): () => void {
  const lines = new HeadlessLines();
  return bus.subscribe((event: RunEvent) => {
    if (options.json) {
      out.write(`${JSON.stringify(event)}\n`);
      return;
    }
    const line = lines.next(event);
    if (line !== undefined) out.write(`${line}\n`);
  });
}
