import type { AgentEvent } from "./events.js";

type ContextManaged = Extract<AgentEvent, { type: "context_managed" }>;

const thousands = (tokens: number) => (tokens < 1000 ? String(tokens) : `${(tokens / 1000).toFixed(1)}k`);

const WHY: Record<ContextManaged["why"], string> = {
  near_window: "near the window",
  prompt_too_long: "the API said the prompt was too long",
  window_exceeded: "the reply ran into the window",
};

/** One line for a pane or a headless log: `compacted by greenlight (the API said ...): 61.2k -> 9.8k of 60.0k tokens`. */
export function contextText(event: ContextManaged): string {
  const what = event.action === "compacted" ? "compacted the conversation" : `cleared ${event.clearedToolResults ?? "old"} old tool results`;
  return `context: ${what} (${event.by}, ${WHY[event.why]}): ${thousands(event.tokensBefore)} -> ${thousands(event.tokensAfter)} of ${thousands(event.windowTokens)} tokens`;
}
