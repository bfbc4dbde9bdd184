import { z } from "zod";

export const TASK_STATUSES = [
  "pending",
  "writing_tests",
  "red",
  "implementing",
  "green",
  "in_review",
  "changes_requested",
  "approved",
  "blocked",
] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Attempts per stage: QA test writing, implementation (green-gate tries) and review rounds. */
export const taskAttemptsSchema = z.object({
  tests: z.number().int().nonnegative(),
  implement: z.number().int().nonnegative(),
  review: z.number().int().nonnegative(),
});
export type TaskAttempts = z.infer<typeof taskAttemptsSchema>;

export const taskTransitionSchema = z.object({
  at: z.string(),
  from: taskStatusSchema,
  to: taskStatusSchema,
  reason: z.string(),
});
export type TaskTransition = z.infer<typeof taskTransitionSchema>;

export const taskSchema = z.object({
  id: z.string().min(1),
  /** The requirement id this task delivers. */
  requirement: z.string().min(1),
  status: taskStatusSchema,
  owner: z.string().optional(),
  attempts: taskAttemptsSchema,
  /** Why the task is blocked, while it is. */
  blockedReason: z.string().optional(),
  history: z.array(taskTransitionSchema),
});
export type Task = z.infer<typeof taskSchema>;
