import { z } from "zod";

/** One acceptance criterion as the spec states it (EARS, Given/When/Then, a scenario), with a stable id. */
export const criterionSchema = z.object({
  /** Unique within the requirement: "1.2" (Kiro), "AC-1", "scenario-sign-in". */
  id: z.string().min(1),
  text: z.string(),
  line: z.number().int().positive().optional(),
});
export type Criterion = z.infer<typeof criterionSchema>;

export const requirementSchema = z.object({
  /** As written in the spec: REQ-001, FR-001, US-1. */
  id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  source: z.object({ file: z.string(), line: z.number().int().positive() }),
  /** Requirements that must be integrated before this one starts (the spec's `Depends on: REQ-001`). */
  dependsOn: z.array(z.string().min(1)).readonly().optional(),
  /** The acceptance criteria the spec gives it; QA writes at least one test per criterion. */
  criteria: z.array(criterionSchema).readonly().optional(),
  /** The feature (spec folder) it belongs to, when the spec format groups requirements by feature. */
  feature: z.string().optional(),
  /** What the spec marks as needing a person's answer (`[NEEDS CLARIFICATION: ...]`): QA must not guess. */
  clarifications: z.array(z.string()).readonly().optional(),
  /**
   * What the spec says around it that is not a requirement to implement (Spec Kit success criteria and
   * tasks, BMAD journeys and metrics, Kiro tasks that name it): shown to QA, never planned as work.
   */
  context: z.array(z.string()).readonly().optional(),
  /** Set when the spec no longer has it but work was done on it: kept, never deleted. */
  removed: z.boolean().optional(),
});
export type Requirement = z.infer<typeof requirementSchema>;
