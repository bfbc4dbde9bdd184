import type { Message, ToolResultBlock } from "../domain/conversation.js";
import { estimateTokens } from "./estimate-tokens.js";

export const CLEARED_RESULT = "[cleared to save context: an old tool result; run the tool again if you still need it]";

export interface Clearing {
  clearedResults: number;
  freedTokens: number;
}

function isCleared(block: ToolResultBlock): boolean {
  return block.content === CLEARED_RESULT;
}

/**
 * What the API's `clear_tool_uses_20250919` does, done here: every tool result but the newest `keep` (and
 * the newest failing one: the latest failures stay) gets a short placeholder, so the call and its id stay
 * paired. Nothing changes unless it frees at least `atLeastTokens`, so a cached prefix is not thrown away
 * for a few tokens. Rewrites `messages` in place.
 */
export function clearOldToolResults(messages: Message[], keep: number, atLeastTokens: number): Clearing {
  const results: Array<{ message: number; block: number; result: ToolResultBlock }> = [];
  messages.forEach((message, index) =>
    message.content.forEach((block, at) => {
      if (block.type === "tool_result") results.push({ message: index, block: at, result: block });
    }),
  );
  const newestFailure = results.filter((entry) => entry.result.is_error).at(-1);
  const clearable = results.slice(0, Math.max(0, results.length - keep)).filter((entry) => entry !== newestFailure && !isCleared(entry.result));
  const freedTokens = clearable.reduce((sum, entry) => sum + estimateTokens(entry.result.content) - estimateTokens(CLEARED_RESULT), 0);
  if (clearable.length === 0 || freedTokens < atLeastTokens) return { clearedResults: 0, freedTokens: 0 };
  for (const entry of clearable) {
    const message = messages[entry.message]!;
    const content = [...message.content];
    content[entry.block] = { ...entry.result, content: CLEARED_RESULT };
    messages[entry.message] = { ...message, content };
  }
  return { clearedResults: clearable.length, freedTokens };
}
