import { z } from "zod";
import { requirementSchema } from "./requirement.js";
import { taskSchema } from "./task.js";
import { traceRowSchema } from "./traceability.js";

/** The current version of every state file; older files are migrated on read. */
export const STATE_SCHEMA_VERSION = 1;

export const taskListFileSchema = z.object({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  requirements: z.array(requirementSchema),
  tasks: z.array(taskSchema),
});
export type TaskListFile = z.infer<typeof taskListFileSchema>;

export const traceabilityMatrixFileSchema = z.object({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  requirements: z.array(traceRowSchema),
});
export type TraceabilityMatrixFile = z.infer<typeof traceabilityMatrixFileSchema>;
