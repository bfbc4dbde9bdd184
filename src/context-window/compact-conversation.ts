import type { ContentBlock, Message, ToolResultBlock } from "../domain/conversation.js";
import { estimateTokens } from "./estimate-tokens.js";

export const SUMMARY_SYSTEM =
  "You condense a coding agent's conversation so it can go on working within its context window. You are not the agent: do not do the work, do not call tools.";

export const SUMMARY_REQUEST = [
  "Summarize the conversation above for the agent that will continue it. Be concrete and complete, in plain text:",
  "- what it was asked to do, and the decisions made;",
  "- every file it created or changed, and what it changed (paths exactly);",
  "- what it verified (tests run and their results) and what it only believes;",
  "- the latest errors or failing tests, verbatim where short;",
  "- what is left to do, in order.",
  "The task itself and the latest failure are kept word for word separately; do not repeat them at length. Never claim work that the conversation does not show done.",
].join("\n");

const RESULT_CHARS = 2_000;

function clip(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const half = Math.floor(chars / 2);
  return `${text.slice(0, half)}\n[... ${text.length - chars} characters left out ...]\n${text.slice(-half)}`;
}

function blockText(block: ContentBlock): string | undefined {
  switch (block.type) {
    case "text":
      return block.text;
    case "tool_use":
      return `[called ${block.name} ${clip(JSON.stringify(block.input), RESULT_CHARS)}]`;
    case "tool_result":
      return `[${block.is_error ? "error result" : "result"}] ${clip(block.content, RESULT_CHARS)}`;
    case "compaction":
      return block.content ? `[an earlier summary]\n${block.content}` : undefined;
    case "thinking":
    case "redacted_thinking":
      return undefined;
  }
}

/**
 * The conversation as text for the summary request, its newest part first to survive: a conversation too
 * long for the window loses its oldest turns (what Codex does when the compaction request overflows).
 */
export function transcriptText(messages: readonly Message[], maxTokens: number): string {
  const parts: string[] = [];
  let tokens = 0;
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    const text = message.content.map(blockText).filter((part) => part !== undefined).join("\n");
    const part = `## ${message.role}\n${text}`;
    const cost = estimateTokens(part);
    if (tokens + cost > maxTokens) {
      parts.unshift(`[${index + 1} older messages left out: they did not fit]`);
      break;
    }
    tokens += cost;
    parts.unshift(part);
  }
  return parts.join("\n\n");
}

/** Where the kept recent turns start: an assistant message, so user and assistant still alternate after the summary. */
export function recentStart(messages: readonly Message[], keepMessages: number): number {
  let start = Math.max(1, messages.length - keepMessages);
  while (start < messages.length && messages[start]!.role !== "assistant") start++;
  return start;
}

function newestFailure(messages: readonly Message[]): ToolResultBlock | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const failed = messages[index]!.content.filter((block): block is ToolResultBlock => block.type === "tool_result" && block.is_error === true).at(-1);
    if (failed) return failed;
  }
  return undefined;
}

/**
 * The conversation after a compaction: one user message holding the task (`pinned`, verbatim), the summary
 * and the latest failure (verbatim, when it is not in the kept turns), then the recent turns unchanged.
 */
export function compactedConversation(messages: readonly Message[], summary: string, pinned: readonly string[], keepMessages: number): Message[] {
  const start = recentStart(messages, keepMessages);
  const recent = messages.slice(start);
  const failure = newestFailure(messages.slice(0, start));
  const text = [
    ...pinned,
    "## Earlier in this session (summarized to fit the context window)",
    summary.trim() || "(the summary came back empty)",
    ...(failure ? ["## The latest failure, verbatim", failure.content] : []),
    ...(recent.length > 0 ? ["The most recent turns follow unchanged."] : ["Go on from here."]),
  ].join("\n\n");
  return [{ role: "user", content: [{ type: "text", text }] }, ...recent];
}
