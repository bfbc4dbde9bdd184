/** What a test scripts the model to say: blocks, how the reply ends, and faults on the wire. */

export type FakeText = { type: "text"; text: string };
export type FakeToolUse = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
/** Signed by the server when sent; shown as "" unless the request asks for summarized display. */
export type FakeThinking = { type: "thinking"; thinking: string };
export type FakeBlock = FakeText | FakeToolUse | FakeThinking | { type: "redacted_thinking" };

/** Where a streamed reply goes wrong: after `afterEvents` SSE events it is cut, stalls, or sends an error event. */
export interface StreamFault {
  afterEvents: number;
  then: "cut" | "stall" | "error_event";
  errorType?: string;
  message?: string;
}

export type RefusalCategory = "cyber" | "bio" | "frontier_llm" | "reasoning_extraction" | "general_harms" | null;

export interface ScriptedMessage {
  kind: "message";
  content: FakeBlock[];
  stopReason?: string;
  /** Sent in message_delta as `stop_details` (a refusal's category and explanation). */
  stopDetails?: { type: "refusal"; category: RefusalCategory; explanation: string | null };
  fault?: StreamFault;
  /** Pause between SSE events, so a test can act mid-stream. */
  eventDelayMs?: number;
  model?: string;
  /**
   * Strict mode: the summary text of the thinking block the server puts first when thinking is on
   * (a reply that already starts with a thinking block keeps its own).
   */
  thinking?: string;
  /** Strict mode: output tokens the thinking costs; they count against the request's max_tokens. */
  thinkingTokens?: number;
}

export type FakeResponse = ScriptedMessage | { kind: "error"; status: number; errorType: string; message: string; retryAfter?: string };

export const text = (value: string): FakeText => ({ type: "text", text: value });
export const toolUse = (id: string, name: string, input: Record<string, unknown>): FakeToolUse => ({ type: "tool_use", id, name, input });
export const thinking = (summary: string): FakeThinking => ({ type: "thinking", thinking: summary });
export const redactedThinking = (): FakeBlock => ({ type: "redacted_thinking" });

export const reply = (content: FakeBlock[], extra: Omit<ScriptedMessage, "kind" | "content"> = {}): FakeResponse => ({
  kind: "message",
  content,
  ...extra,
});
export const httpError = (status: number, errorType: string, message: string, retryAfter?: string): FakeResponse => ({
  kind: "error",
  status,
  errorType,
  message,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
/** A refusal the way the API sends it: HTTP 200, stop reason `refusal`, the category in `stop_details`. */
export const refusal = (category: RefusalCategory, content: FakeBlock[] = [], explanation: string | null = null): FakeResponse =>
  reply(content, { stopReason: "refusal", stopDetails: { type: "refusal", category, explanation } });
/** A long turn the API paused: the client sends the content back unchanged to let it continue. */
export const pausedTurn = (content: FakeBlock[]): FakeResponse => reply(content, { stopReason: "pause_turn" });
