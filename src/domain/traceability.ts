import { z } from "zod";
import { taskStatusSchema } from "./task.js";

/**
 * Where a gate's per-test results came from: a structured report the runner wrote, the runner's printed
 * output, or nothing but the exit code (no test was named, so none can be shown as passed).
 */
export const evidenceSchema = z.enum(["report", "output", "exit-code"]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const gateRunSchema = z.object({
  command: z.string(),
  exitCode: z.number().int().nullable(),
  at: z.string(),
  durationMs: z.number().nonnegative(),
  summary: z.string(),
  /**
   * What the gate's verdict rests on: a runner's report or its output naming each test, or the exit code
   * alone. Optional: gate runs recorded before it still load (they read as unknown evidence, not as named tests).
   */
  evidence: evidenceSchema.optional(),
  /** The gate's verdict: a green gate can exit 0 and still be refused (its tests did not run, the harness changed). */
  passed: z.boolean().optional(),
});
export type GateRun = z.infer<typeof gateRunSchema>;

export const reviewSchema = z.object({
  verdict: z.enum(["approve", "request_changes"]),
  summary: z.string(),
  findings: z.array(z.string()),
  by: z.string(),
  at: z.string(),
});
export type Review = z.infer<typeof reviewSchema>;

/**
 * Where a requirement worked on in its own worktree stands in the merge queue (parallel runs only):
 * working in its lane, queued, being merged with the integration head, its integration gate running,
 * integrated (on the person's branch), sent back to its backend (a conflict or a failing test), blocked.
 */
export const integrationStateSchema = z.enum(["working", "queued", "merging", "gate", "integrated", "sent_back", "blocked"]);
export type IntegrationState = z.infer<typeof integrationStateSchema>;

export const integrationSchema = z.object({
  /** The requirement's branch (greenlight/REQ-003) while it exists; kept as the record once integrated. */
  branch: z.string(),
  state: integrationStateSchema,
  /** Integration attempts so far (a conflict or failing integration gate sends the requirement back). */
  attempts: z.number().int().nonnegative(),
  /**
   * The commit made for the person's branch before it moves: written first, so a run killed between the
   * two finds it on the branch and records the integration instead of doing it again.
   */
  candidate: z.string().optional(),
  /** The commit on the person's branch that holds the requirement, once integrated. */
  commit: z.string().optional(),
  /** The person's branch it was integrated into. */
  into: z.string().optional(),
  /** The last integration's result in one line (conflicting files, failing tests, the gate's summary). */
  summary: z.string().optional(),
  at: z.string().optional(),
});
export type Integration = z.infer<typeof integrationSchema>;

/**
 * A test that failed in the baseline (the suite's state before this requirement's work, recorded by a gate
 * run, never by an agent): shown as "failing before this work", never counted as passed, never blocking.
 */
export const knownFailureSchema = z.object({
  /** The test's identity (file + suite path + name). */
  test: z.string(),
  /** When the gate run that saw it fail first ran. */
  since: z.string(),
  /** Set when a later gate saw it pass: it is then recorded as fixed. */
  fixedAt: z.string().optional(),
});
export type KnownFailure = z.infer<typeof knownFailureSchema>;

/** A test that failed and then passed on re-run on the same code, inside one gate. */
export const flakyTestSchema = z.object({
  test: z.string(),
  /** Gate runs in which it needed a re-run. */
  times: z.number().int().positive(),
  /** It is one of this requirement's locked tests: passed only to the reviewer's and the person's attention. */
  locked: z.boolean(),
  at: z.string(),
});
export type FlakyTest = z.infer<typeof flakyTestSchema>;

/** The latest `greenlight verify` of an approved row on the code as it then was. */
export const verificationSchema = z.object({
  at: z.string(),
  holds: z.boolean(),
  /** Why it no longer holds: "test file changed: test/a.test.js", "test failing: adds", "test missing: adds". */
  reasons: z.array(z.string()),
  /** What the verdict rests on: tests named in a report or the output, or the exit code alone (a row approved on it). */
  evidence: evidenceSchema.optional(),
  /** The verifying run's command and exit code. */
  command: z.string().optional(),
  exitCode: z.number().int().nullable().optional(),
});
export type Verification = z.infer<typeof verificationSchema>;

export const traceRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The task's status, or "removed" when the spec dropped the requirement. */
  status: z.union([taskStatusSchema, z.literal("removed")]),
  tests: z.object({
    files: z.array(z.string()),
    /** Test names, where the runner reports them. */
    names: z.array(z.string()),
    /**
     * sha256 (hex) of each locked test file as the red gate ran it, or as QA last left it: the contract the
     * green gate holds the backend to, kept on disk because Bash can change a file behind the write guard
     * before a crash and the resumed run must still notice. Optional: state written before it still loads.
     */
    digests: z.record(z.string(), z.string()).optional(),
    /**
     * sha256 of each part of the test harness (what decides what the test command runs: the npm scripts
     * it resolves to, conftest.py, pytest/vitest/jest/mocha settings, greenlight.json's testCommand) as
     * the red gate ran it or QA last left it. Keyed by part ("package.json#scripts.test", "conftest.py").
     */
    harness: z.record(z.string(), z.string()).optional(),
  }),
  code: z.array(z.string()),
  gates: z.object({ red: gateRunSchema.optional(), green: gateRunSchema.optional() }),
  reviews: z.array(reviewSchema),
  /** The tests reported passed, by name, at this requirement's last accepted green gate: the next gate's denominator. */
  ledger: z.object({ passed: z.array(z.string()), at: z.string() }).optional(),
  /** Tests QA removed in its own sessions since the last accepted green gate: not counted as disappeared. */
  retiredTests: z.array(z.string()).optional(),
  /** How many times an agent tried to change locked tests or harness, or got a gate to pass without its tests. */
  tamperAttempts: z.number().int().nonnegative().optional(),
  /** One line per tamper attempt (the latest ones), for the reviewer. */
  tamperNotes: z.array(z.string()).optional(),
  /** Set when the requirement was worked on in its own worktree (a parallel run): its branch and integration. */
  integration: integrationSchema.optional(),
  /** The integration gate's run, on the merged tree, with every approved requirement's locked tests. */
  integrationGate: gateRunSchema.optional(),
  /** Tests failing before this work (the baseline), by identity. */
  knownFailures: z.array(knownFailureSchema).optional(),
  /** Tests that passed only on re-run in this requirement's gates. */
  flakyTests: z.array(flakyTestSchema).optional(),
  /** Which locked tests cover which acceptance criterion (criterion id -> test names), as QA named them. */
  criteriaCoverage: z.record(z.string(), z.array(z.string())).optional(),
  /**
   * Set when a re-plan changed an approved requirement's text or criteria: the row no longer says what was
   * tested. Holds what it said when approved, so QA can see old and new.
   */
  changedSinceApproval: z
    .object({ at: z.string(), title: z.string(), description: z.string(), criteria: z.array(z.string()).optional() })
    .optional(),
  verification: verificationSchema.optional(),
});
export type TraceRow = z.infer<typeof traceRowSchema>;
