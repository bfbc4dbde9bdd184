import { z } from "zod";
import { usageSchema } from "./conversation.js";
import { refusalSchema } from "./reasoning.js";

export const sessionEndReasonSchema = z.enum([
  "completed",
  "max_turns",
  "loop",
  "token_budget",
  "cost_budget",
  "aborted",
  "error",
  /** The model refused (stop reason `refusal`); the category is in `refusal`. */
  "refused",
  /** Replies kept being cut at the output limit, even after asking for smaller pieces. */
  "max_tokens",
  /** The conversation outgrew the model's context window and could not be made to fit (compactions that freed nothing). */
  "context_window",
]);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

/** The record every agent session ends with. */
export const sessionResultSchema = z.object({
  reason: sessionEndReasonSchema,
  turns: z.number().int().nonnegative(),
  usage: usageSchema,
  /** What the priced turns cost; with costUnknown, some turns' model had no known price and are not in it. */
  costUsd: z.number().nonnegative(),
  costUnknown: z.boolean().optional(),
  durationMs: z.number().nonnegative(),
  /** The agent's final text (its last assistant message's text). */
  finalText: z.string(),
  /** Why it failed, in words a user can act on, when reason is error/loop/budget/aborted. */
  error: z.string().optional(),
  refusal: refusalSchema.optional(),
});
export type SessionResult = z.infer<typeof sessionResultSchema>;
