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
