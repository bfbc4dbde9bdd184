import { canonical } from "../canonical.js";
import { invalidRequest, type ServerRule } from "../rule.js";

/**
 * A final assistant message is a prefill, refused by models without it; sending back a paused turn's
 * content unchanged is how `pause_turn` continues, so that is not one.
 */
export const assistantPrefill: ServerRule = {
  name: "assistant prefill",
  check({ messages, model, server }) {
    const last = messages.at(-1);
    if (last?.role !== "assistant" || model.assistantPrefill) return undefined;
    if (server.pausedReplies.has(canonical(last.content))) return undefined;
    return invalidRequest("This model does not support assistant message prefill. The conversation must end with a user message.");
  },
};
