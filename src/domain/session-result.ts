import { z } from "zod";
import { usageSchema } from "./conversation.js";

export const sessionEndReasonSchema = z.enum([
  "completed",
  "max_turns",
  "loop",
  "token_budget",
  "cost_budget",
  /** The conversation could not be made to fit the model's window (compactions that freed nothing). */
  "context_window",
  "aborted",
  "error",
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
});
export type SessionResult = z.infer<typeof sessionResultSchema>;
