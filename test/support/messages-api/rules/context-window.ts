import { effectivePrompt } from "../effective-prompt.js";
import type { ApiRequest, PlannedReply, ServerRule } from "../rule.js";

/** The documented overflow: the input alone over the window (compared after context management). */
function tooLong(request: ApiRequest) {
  const effective = effectivePrompt(request);
  const input = effective.compaction?.closedTokens ?? effective.tokens;
  const max = request.model.maxInputTokens;
  if (input <= max) return undefined;
  return { status: 400, errorType: "invalid_request_error", message: `prompt is too long: ${input} tokens > ${max} maximum` };
}

/**
 * Input plus max_tokens over the window is accepted, and the reply stops where the window ends with
 * `model_context_window_exceeded` ("treat the response as truncated"): its tool calls are cut off.
 */
function truncated(reply: PlannedReply, request: ApiRequest): PlannedReply {
  const input = effectivePrompt(request).tokens;
  const maxTokens = Number(request.body.max_tokens);
  const room = request.model.maxInputTokens - input;
  if (input + maxTokens <= request.model.maxInputTokens || reply.outputTokens <= room) return reply;
  const content = reply.content.filter((block) => block.type !== "tool_use");
  return { ...reply, content, stopReason: "model_context_window_exceeded", outputTokens: Math.max(1, room) };
}

export const contextWindow: ServerRule = { name: "context window", check: tooLong, shape: truncated };
