import { z } from "zod";

/**
 * An attempt to game the gates, refused: at the tool (a Write/Edit of a locked test or of the test
 * harness) or at a gate (a change made through Bash, or a run that exited 0 without its tests passing).
 */
export const tamperAttemptSchema = z.object({
  agent: z.string(),
  caught: z.enum(["tool", "gate"]),
  /**
   * locked_test: a locked test file changed or deleted; harness: what decides what the test command runs
   * changed; tests_not_run: the run looked green without the locked tests passing by name;
   * tests_disappeared: tests that passed at the previous green gate are gone.
   */
  kind: z.enum(["locked_test", "harness", "tests_not_run", "tests_disappeared"]),
  files: z.array(z.string()),
  tests: z.array(z.string()),
  /** One line for people: what was tried. */
  reason: z.string(),
});
export type TamperAttempt = z.infer<typeof tamperAttemptSchema>;

/** The line a matrix row keeps for the reviewer: who, where, what. */
export function tamperNote(attempt: TamperAttempt): string {
  return `${attempt.agent}, refused at the ${attempt.caught}: ${attempt.reason}`;
}
