import type { ContentBlock, Message } from "../domain/conversation.js";

const INTERRUPTED = "Not run: the session was interrupted before this tool call completed.";

/**
 * The messages for a session that continues an earlier transcript with a new prompt. The Messages API
 * wants every tool_use answered by a tool_result in the next user message and roles that alternate, so
 * a transcript cut off mid-turn (a cancelled session) is closed with error results, and a prompt that
 * follows a user message joins it instead of starting a second user message in a row.
 */
export function continueConversation(prior: readonly Message[], prompt: string): Message[] {
  const messages = [...prior];
  const promptBlock: ContentBlock = { type: "text", text: prompt };
  const last = messages.at(-1);
  if (last?.role === "assistant") {
    const unanswered = last.content.flatMap((block) => (block.type === "tool_use" ? [block.id] : []));
    const results: ContentBlock[] = unanswered.map((id) => ({ type: "tool_result", tool_use_id: id, content: INTERRUPTED, is_error: true }));
    messages.push({ role: "user", content: [...results, promptBlock] });
  } else if (last?.role === "user") {
    messages[messages.length - 1] = { role: "user", content: [...last.content, promptBlock] };
  } else {
    messages.push({ role: "user", content: [promptBlock] });
  }
  return messages;
}
