import { totalTokens } from "../domain/conversation.js";
import type { RunEvent } from "../domain/events.js";
import type { EventBus } from "../events/event-bus.js";

export interface Spend {
  tokens: number;
  costUsd: number;
  /** A turn's model had no known price: costUsd is what the priced turns cost, not the run's cost. */
  costUnknown: boolean;
}

/**
 * What the whole run has spent so far, every session of every lane (subagents' turns included), from the
 * turns the bus has seen: greenlight.json `budgets` hold for the run, not for each session.
 */
export function trackRunSpend(bus: EventBus): () => Spend {
  const spent: Spend = { tokens: 0, costUsd: 0, costUnknown: false };
  const count = (event: RunEvent | Extract<RunEvent, { type: "subagent_event" }>["event"]) => {
    if (event.type === "turn_finished") {
      spent.tokens += totalTokens(event.usage);
      spent.costUsd += event.costUsd;
      if (event.costUnknown) spent.costUnknown = true;
    } else if (event.type === "context_managed" && event.usage) {
      spent.tokens += totalTokens(event.usage);
      spent.costUsd += event.costUsd ?? 0;
      if (event.costUnknown) spent.costUnknown = true;
    } else if (event.type === "subagent_event") count(event.event);
  };
  bus.subscribe(count);
  return () => ({ ...spent });
}
