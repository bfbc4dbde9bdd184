import { z } from "zod";

export const requirementSchema = z.object({
  /** As written in the spec: REQ-001, FR-001, US-1. */
  id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  source: z.object({ file: z.string(), line: z.number().int().positive() }),
  /** Requirements that must be integrated before this one starts (the spec's `Depends on: REQ-001`). */
  dependsOn: z.array(z.string().min(1)).readonly().optional(),
  /** Set when the spec no longer has it but work was done on it: kept, never deleted. */
  removed: z.boolean().optional(),
});
export type Requirement = z.infer<typeof requirementSchema>;
