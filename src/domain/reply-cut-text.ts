import type { AgentEvent } from "./events.js";

type ReplyCut = Extract<AgentEvent, { type: "reply_cut" }>;

/** One line for a reply cut at the output limit, the same in panes and headless output. */
export function replyCutText(event: ReplyCut): string {
  const calls = event.callsNotRun.length > 0 ? `; not run: ${event.callsNotRun.join(", ")}` : "";
  const head = `reply cut at the output limit (${event.maxTokens} tokens)${calls}`;
  switch (event.next) {
    case "ask_again":
      return `${head}; asking again with ${event.newMaxTokens} tokens`;
    case "nudge":
      return `${head}; asked to continue in smaller pieces (${event.nudge} of 3)`;
    case "end":
      return `${head}; ending the session`;
  }
}
