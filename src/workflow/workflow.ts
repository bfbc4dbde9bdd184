import type { TaskAttempts, TaskStatus } from "../domain/task.js";

/**
 * The team's discipline as data: for a task in some status, what happened (the outcome of the stage that
 * just ran) decides the status it rests in and the next action. The driver only executes actions and
 * reports outcomes; every rule of the workflow lives in this file.
 */

export type Action = "run_qa" | "run_red_gate" | "run_backend" | "run_green_gate" | "run_review" | "done" | "escalate";

export type Outcome =
  | "tests_written"
  | "red_confirmed"
  | "red_rejected"
  | "code_written"
  | "green_passed"
  | "green_failed"
  | "green_stuck"
  | "approved"
  | "changes_requested"
  | "question"
  | "session_failed"
  | "environment_failed";

export interface AttemptLimits {
  tests: number;
  implement: number;
  review: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { tests: 3, implement: 3, review: 3 };

export interface Step {
  status: TaskStatus;
  action: Action;
}

/** The status a task shows while an action runs. */
export const WORKING_STATUS: Record<Exclude<Action, "done" | "escalate">, TaskStatus> = {
  run_qa: "writing_tests",
  run_red_gate: "writing_tests",
  run_backend: "implementing",
  run_green_gate: "implementing",
  run_review: "in_review",
};

/** Where a task picks up when a run starts or resumes: an interrupted stage starts over. */
export const RESUME_ACTION: Record<TaskStatus, Action> = {
  pending: "run_qa",
  writing_tests: "run_qa",
  red: "run_backend",
  implementing: "run_backend",
  green: "run_review",
  in_review: "run_review",
  changes_requested: "run_backend",
  approved: "done",
  blocked: "escalate",
};

type Guard = (attempts: TaskAttempts, limits: AttemptLimits) => boolean;
const retriesLeft =
  (stage: keyof TaskAttempts): Guard =>
  (attempts, limits) =>
    attempts[stage] < limits[stage];

interface Row {
  outcome: Outcome;
  /** Taken when the guard holds (or there is none). */
  then: Step;
  guard?: Guard;
  /** Taken when the guard fails. */
  otherwise?: Step;
}

const BLOCKED: Step = { status: "blocked", action: "escalate" };

const TABLE: readonly Row[] = [
  { outcome: "tests_written", then: { status: "writing_tests", action: "run_red_gate" } },
  { outcome: "red_confirmed", then: { status: "red", action: "run_backend" } },
  { outcome: "red_rejected", guard: retriesLeft("tests"), then: { status: "writing_tests", action: "run_qa" }, otherwise: BLOCKED },
  { outcome: "code_written", then: { status: "implementing", action: "run_green_gate" } },
  { outcome: "green_passed", then: { status: "green", action: "run_review" } },
  { outcome: "green_failed", guard: retriesLeft("implement"), then: { status: "implementing", action: "run_backend" }, otherwise: BLOCKED },
  { outcome: "green_stuck", then: BLOCKED },
  { outcome: "approved", then: { status: "approved", action: "done" } },
  { outcome: "changes_requested", guard: retriesLeft("review"), then: { status: "changes_requested", action: "run_backend" }, otherwise: BLOCKED },
  { outcome: "question", then: BLOCKED },
  { outcome: "session_failed", then: BLOCKED },
  // The test command could not run (a missing program): no agent can fix that, and none is charged an attempt.
  { outcome: "environment_failed", then: BLOCKED },
];

/** The next step after an outcome, given the attempts the task has used and the limits. */
export function nextStep(outcome: Outcome, attempts: TaskAttempts, limits: AttemptLimits): Step {
  const row = TABLE.find((candidate) => candidate.outcome === outcome);
  if (!row) throw new Error(`workflow: no rule for outcome '${outcome}'`);
  if (!row.guard || row.guard(attempts, limits)) return row.then;
  return row.otherwise ?? BLOCKED;
}

/**
 * Attempts after an action starts: each QA session, backend session and review round counts once; a new
 * review round gives the backend a fresh set of implementation attempts.
 */
export function attemptsAfterStarting(action: Action, attempts: TaskAttempts, from: TaskStatus): TaskAttempts {
  switch (action) {
    case "run_qa":
      return { ...attempts, tests: attempts.tests + 1 };
    case "run_backend":
      return { ...attempts, implement: from === "changes_requested" ? 1 : attempts.implement + 1 };
    case "run_review":
      return { ...attempts, review: attempts.review + 1 };
    default:
      return attempts;
  }
}

/** Attempts with the counter of the action's stage back at zero: a person's answer gives the stage a fresh start. */
export function freshAttempts(action: Action, attempts: TaskAttempts): TaskAttempts {
  switch (action) {
    case "run_qa":
      return { ...attempts, tests: 0 };
    case "run_backend":
      return { ...attempts, implement: 0 };
    case "run_review":
      return { ...attempts, review: 0 };
    default:
      return attempts;
  }
}

/** Why a step blocks, in words for the person who has to unblock it. */
export function blockReason(outcome: Outcome, limits: AttemptLimits, detail: string): string {
  switch (outcome) {
    case "red_rejected":
      return `QA could not produce failing tests in ${limits.tests} attempts: ${detail}`;
    case "green_failed":
      return `the suite still fails after ${limits.implement} implementation attempts: ${detail}`;
    case "green_stuck":
      return `stuck: the same failure twice with no file changed in between: ${detail}`;
    case "changes_requested":
      return `the reviewer still requests changes after ${limits.review} rounds: ${detail}`;
    case "question":
      return `the agent asks: ${detail}`;
    case "environment_failed":
      return `the test command cannot run here (no agent was charged an attempt); fix the environment (install the program, set testCommand or gateTimeout in greenlight.json, free memory), then resume: ${detail}`;
    default:
      return detail;
  }
}
