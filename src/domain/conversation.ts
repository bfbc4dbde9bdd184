import { z } from "zod";

/** Our own message shapes: provider adapters translate to and from these, so no SDK type escapes. */
export const textBlockSchema = z.object({ type: z.literal("text"), text: z.string() });
export const toolUseBlockSchema = z.object({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
export const toolResultBlockSchema = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.string(),
  is_error: z.boolean().optional(),
});
/**
 * The model's reasoning, as the API sent it. It must go back complete, unmodified and in order (its
 * signature covers it), so the schemas are loose: fields this version does not know survive a round trip.
 */
export const thinkingBlockSchema = z.looseObject({ type: z.literal("thinking"), thinking: z.string(), signature: z.string() });
export const redactedThinkingBlockSchema = z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() });
/** A server-side compaction's summary: sent back verbatim, the API drops every block before it. */
export const compactionBlockSchema = z.looseObject({
  type: z.literal("compaction"),
  content: z.string().nullable(),
});
export const contentBlockSchema = z.discriminatedUnion("type", [
  textBlockSchema,
  toolUseBlockSchema,
  toolResultBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  compactionBlockSchema,
]);
export type TextBlock = z.infer<typeof textBlockSchema>;
export type ThinkingBlock = z.infer<typeof thinkingBlockSchema>;
export type RedactedThinkingBlock = z.infer<typeof redactedThinkingBlockSchema>;
export type CompactionBlock = z.infer<typeof compactionBlockSchema>;
export type ToolUseBlock = z.infer<typeof toolUseBlockSchema>;
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;
export type ContentBlock = z.infer<typeof contentBlockSchema>;

export const messageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.array(contentBlockSchema),
});
export type Message = z.infer<typeof messageSchema>;

const tokenCount = z.number().int().nonnegative();
const tokenCounts = {
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  /** Cache writes of both lifetimes; the 1-hour ones (billed higher) are also counted apart. */
  cacheCreationInputTokens: tokenCount,
  cacheReadInputTokens: tokenCount,
  cacheCreation1hInputTokens: tokenCount.optional(),
};
/**
 * One sampling step of a request as the API bills it (`usage.iterations`): a server-side compaction is its
 * own step, and its tokens are not in the request's top-level counts.
 */
export const usageIterationSchema = z.object({ type: z.string(), ...tokenCounts });
export type UsageIteration = z.infer<typeof usageIterationSchema>;
export const usageSchema = z.object({ ...tokenCounts, iterations: z.array(usageIterationSchema).optional() });
export type Usage = z.infer<typeof usageSchema>;
export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

/** Every token a usage counts: input, output, cache writes and cache reads. */
export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
}

export const stopReasonSchema = z.enum([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
  "compaction",
]);
export type StopReason = z.infer<typeof stopReasonSchema>;

/** What the model sees of a tool. */
export const toolSpecSchema = z.object({
  name: z.string(),
  description: z.string(),
  input_schema: z.record(z.string(), z.unknown()),
});
export type ToolSpec = z.infer<typeof toolSpecSchema>;
