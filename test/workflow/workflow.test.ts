import { describe, expect, it } from "vitest";
import { attemptsAfterStarting, DEFAULT_ATTEMPT_LIMITS, nextStep, RESUME_ACTION } from "../../src/workflow/workflow.js";

const fresh = { tests: 1, implement: 1, review: 1 };
const limits = DEFAULT_ATTEMPT_LIMITS;

describe("workflow transition table", () => {
  it("walks the happy path from tests to approval", () => {
    expect(nextStep("tests_written", fresh, limits)).toEqual({ status: "writing_tests", action: "run_red_gate" });
    expect(nextStep("red_confirmed", fresh, limits)).toEqual({ status: "red", action: "run_backend" });
    expect(nextStep("code_written", fresh, limits)).toEqual({ status: "implementing", action: "run_green_gate" });
    expect(nextStep("green_passed", fresh, limits)).toEqual({ status: "green", action: "run_review" });
    expect(nextStep("approved", fresh, limits)).toEqual({ status: "approved", action: "done" });
  });

  it("sends a rejected red gate back to QA until the attempts run out", () => {
    expect(nextStep("red_rejected", { ...fresh, tests: 2 }, limits)).toEqual({ status: "writing_tests", action: "run_qa" });
    expect(nextStep("red_rejected", { ...fresh, tests: 3 }, limits)).toEqual({ status: "blocked", action: "escalate" });
  });

  it("retries a failing green gate with the backend at most maxAttempts.implement times", () => {
    expect(nextStep("green_failed", { ...fresh, implement: 2 }, limits).action).toBe("run_backend");
    expect(nextStep("green_failed", { ...fresh, implement: 3 }, limits).status).toBe("blocked");
  });

  it("escalates a stuck backend at once, whatever attempts are left", () => {
    expect(nextStep("green_stuck", { ...fresh, implement: 1 }, limits).status).toBe("blocked");
  });

  it("loops review rounds through the backend, bounded by maxAttempts.review", () => {
    expect(nextStep("changes_requested", { ...fresh, review: 2 }, limits)).toEqual({ status: "changes_requested", action: "run_backend" });
    expect(nextStep("changes_requested", { ...fresh, review: 3 }, limits).status).toBe("blocked");
  });

  it("blocks on a question, a failed session, or a test command that cannot run (whatever attempts are left)", () => {
    expect(nextStep("question", fresh, limits).status).toBe("blocked");
    expect(nextStep("session_failed", fresh, limits).status).toBe("blocked");
    expect(nextStep("environment_failed", fresh, limits)).toEqual({ status: "blocked", action: "escalate" });
  });

  it("resumes an interrupted stage from its start and never redoes approved work", () => {
    expect(RESUME_ACTION.writing_tests).toBe("run_qa");
    expect(RESUME_ACTION.implementing).toBe("run_backend");
    expect(RESUME_ACTION.in_review).toBe("run_review");
    expect(RESUME_ACTION.approved).toBe("done");
  });

  it("counts attempts per stage and gives a new review round fresh implementation attempts", () => {
    const zero = { tests: 0, implement: 0, review: 0 };
    expect(attemptsAfterStarting("run_qa", zero, "pending")).toEqual({ tests: 1, implement: 0, review: 0 });
    expect(attemptsAfterStarting("run_backend", { ...zero, implement: 2 }, "implementing").implement).toBe(3);
    expect(attemptsAfterStarting("run_backend", { ...zero, implement: 3 }, "changes_requested").implement).toBe(1);
    expect(attemptsAfterStarting("run_review", zero, "green").review).toBe(1);
  });
});
