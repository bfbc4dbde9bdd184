import type { Requirement } from "../domain/requirement.js";
import type { Task, TaskAttempts, TaskStatus } from "../domain/task.js";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { Role } from "../domain/roles.js";
import type { SessionReport } from "../domain/session-report.js";
import type { TraceRow } from "../domain/traceability.js";
import type { GateExecution } from "../gates/gate-runner.js";
import { backendPrompt, qaPrompt, reviewerPrompt, type HandoffPacket } from "./handoff-packet.js";
import { changedFiles, diffSnapshots, type ProjectSnapshot } from "../project/project-snapshot.js";
import { judgeRedGate, testsInFiles, testsNamedIn } from "../gates/red-gate.js";
import { failureSignature, isStuck, type GreenAttempt } from "./stuck-detector.js";
import { changedLockedTests, testDigests } from "../gates/test-contract.js";
import { isTestFile } from "../domain/test-files.js";
import {
  attemptsAfterStarting,
  blockReason,
  freshAttempts,
  nextStep,
  RESUME_ACTION,
  WORKING_STATUS,
  type Action,
  type AttemptLimits,
  type Outcome,
} from "./workflow.js";


/** The parts one requirement's pipeline uses; the orchestrator wires them to the store, runtime and runner. */
export interface PipelinePorts {
  requirement: Requirement;
  testCommand: string;
  limits: AttemptLimits;
  roles: Record<Role, string>;
  task(): DeepReadonly<Task>;
  row(): DeepReadonly<TraceRow>;
  /** Persists the task's new status (and attempts/owner), then publishes task_status. */
  transition(status: TaskStatus, reason: string, attempts: TaskAttempts, owner?: string): Promise<void>;
  /** Persists a change to the requirement's matrix row. */
  updateRow(mutate: (row: TraceRow) => void): Promise<void>;
  runAgent(stage: Role, prompt: string): Promise<SessionReport>;
  runGate(gate: "red" | "green"): Promise<GateExecution>;
  snapshot(): Promise<ProjectSnapshot>;
  /** The snapshot taken when the requirement started (kept across resumes). */
  baseline(): Promise<ProjectSnapshot>;
  /** `git diff` since the requirement started, when the project is a git repository. */
  gitDiff?(): Promise<string | undefined>;
  /** Test names other requirements already own: never new for this one. */
  knownTestNames?(): ReadonlySet<string>;
  lockTests(files: string[]): void;
  /** Resolves when the run may start the next stage (a person may have paused it). */
  beforeStage?: () => Promise<void>;
  signal: AbortSignal;
}

export type PipelineEnd = "approved" | "blocked" | "interrupted";

interface Progress {
  packet: HandoffPacket;
  lastGreen?: GreenAttempt;
  detail: string;
}

/** Takes one requirement from wherever its task stands to approved, blocked or interrupted. */
export async function runRequirementPipeline(ports: PipelinePorts, answer?: string): Promise<PipelineEnd> {
  const progress: Progress = {
    packet: { requirement: ports.requirement, testCommand: ports.testCommand, testFiles: [...ports.row().tests.files], ...(answer ? { answer } : {}) },
    detail: "",
  };
  const lastReview = ports.row().reviews.at(-1);
  if (lastReview?.verdict === "request_changes") progress.packet.findings = [...lastReview.findings];
  await ports.baseline();
  let action: Action = RESUME_ACTION[ports.task().status];
  // A person's answer restarts the stage the task was blocked in, with a fresh set of attempts.
  let fresh = action === "escalate" && answer !== undefined;
  if (fresh) action = resumeAfterAnswer(ports.task());
  for (;;) {
    if (action === "done") return "approved";
    if (action === "escalate") return "blocked";
    await ports.beforeStage?.();
    if (ports.signal.aborted) return "interrupted";
    const task = ports.task();
    if (action === "run_qa" || action === "run_backend" || action === "run_review") {
      const attempts = attemptsAfterStarting(action, fresh ? freshAttempts(action, task.attempts) : task.attempts, task.status);
      fresh = false;
      const stage: Role = action === "run_qa" ? "qa" : action === "run_backend" ? "backend" : "reviewer";
      await ports.transition(WORKING_STATUS[action], `${ports.roles[stage]} starts`, attempts, ports.roles[stage]);
    }
    const outcome = await perform(action, ports, progress);
    if (outcome === undefined) return "interrupted";
    const now = ports.task();
    if (outcome === "cancelled") {
      await ports.transition(now.status, progress.detail, now.attempts, now.owner);
      action = RESUME_ACTION[now.status];
      continue;
    }
    const step = nextStep(outcome, now.attempts, ports.limits);
    const reason = step.status === "blocked" ? blockReason(outcome, ports.limits, progress.detail) : progress.detail;
    await ports.transition(step.status, reason, now.attempts, now.owner);
    action = step.action;
  }
}

/** After a person answers an escalation, the task goes back to the stage it was blocked in. */
function resumeAfterAnswer(task: DeepReadonly<Task>): Action {
  const before = [...task.history].reverse().find((entry) => entry.to === "blocked")?.from ?? "pending";
  const action = RESUME_ACTION[before];
  return action === "escalate" || action === "done" ? "run_qa" : action;
}

/** A person cancelled the agent's turn (not the run): like an interrupted stage, it starts over. */
type Performed = Outcome | "cancelled" | undefined;

/** Runs a session: its report when the stage goes on, else the outcome that ends it. */
async function runStage(stage: Role, prompt: string, ports: PipelinePorts, progress: Progress): Promise<Performed | SessionReport> {
  const report = await ports.runAgent(stage, prompt);
  if (ports.signal.aborted) return undefined;
  if (report.ended === "aborted") {
    progress.detail = `the person cancelled ${ports.roles[stage]}'s turn; the stage starts over`;
    return "cancelled";
  }
  if (report.question !== undefined) {
    progress.detail = report.question;
    return "question";
  }
  if (report.ended === "failed") {
    progress.detail = `${ports.roles[stage]} session failed: ${report.error ?? "unknown error"}`;
    return "session_failed";
  }
  return report;
}

async function perform(action: Action, ports: PipelinePorts, progress: Progress): Promise<Performed> {
  const { packet } = progress;
  switch (action) {
    case "run_qa": {
      const before = await ports.snapshot();
      const ended = await runStage("qa", qaPrompt(packet), ports, progress);
      if (typeof ended !== "object") return ended;
      const written = changedFiles(before, await ports.snapshot()).filter(isTestFile);
      packet.testFiles = [...new Set([...packet.testFiles, ...written])].sort();
      progress.detail = written.length ? `QA wrote ${written.join(", ")}` : "QA wrote no test files";
      return "tests_written";
    }
    case "run_red_gate": {
      const gate = await ports.runGate("red");
      if (gate.aborted) return undefined;
      const now = await ports.snapshot();
      const texts = Object.fromEntries(packet.testFiles.map((file) => [file, now.files[file] ?? ""]));
      const baseline = await ports.baseline();
      const existing = testsNamedIn(gate.results, Object.fromEntries(packet.testFiles.map((file) => [file, baseline.files[file] ?? ""])));
      const knownTestNames = new Set([...(ports.knownTestNames?.() ?? []), ...existing.map((test) => test.name)]);
      const verdict = judgeRedGate({ testFiles: packet.testFiles, exitCode: gate.run.exitCode, results: gate.results, testFileTexts: texts, knownTestNames });
      progress.detail = `red gate: ${verdict.reason}`;
      packet.gateOutputTail = gate.outputTail;
      if (!verdict.passed) {
        packet.sentBack = progress.detail;
        return "red_rejected";
      }
      delete packet.sentBack;
      ports.lockTests(packet.testFiles);
      await ports.updateRow((row) => {
        row.tests = {
          files: [...packet.testFiles],
          names: verdict.newTests.filter((test) => !test.fileLevel && !/[\\/]/.test(test.name)).map((test) => test.name),
          digests: testDigests(packet.testFiles, now.files),
        };
        row.gates.red = { ...gate.run, summary: verdict.reason };
      });
      return "red_confirmed";
    }
    case "run_backend": {
      const ended = await runStage("backend", backendPrompt(packet), ports, progress);
      if (typeof ended !== "object") return ended;
      progress.detail = "backend finished; checking the whole suite";
      return "code_written";
    }
    case "run_green_gate": {
      const gate = await ports.runGate("green");
      if (gate.aborted) return undefined;
      packet.gateOutputTail = gate.outputTail;
      const after = await ports.snapshot();
      const texts = Object.fromEntries(Object.entries(after.files).filter(([file]) => packet.testFiles.includes(file)));
      const names = testsInFiles(gate.results, packet.testFiles, texts).map((test) => test.name);
      await ports.updateRow((row) => {
        row.gates.green = gate.run;
        if (gate.run.exitCode === 0 && names.length > 0) row.tests.names = names;
      });
      // Bash can change a locked file behind the write guard, so the green gate checks the content itself.
      const tampered = changedLockedTests(ports.row().tests.digests, after.files);
      if (tampered.length > 0) {
        progress.detail = `green gate refused: the locked test file(s) ${tampered.join(", ")} changed since the red gate (or QA's last session); restore them, and ask for a handoff to QA if a test is wrong`;
        packet.sentBack = progress.detail;
        return "green_failed";
      }
      if (gate.run.exitCode === 0) {
        delete packet.sentBack;
        progress.detail = `green gate: ${gate.run.summary}`;
        return "green_passed";
      }
      const attempt: GreenAttempt = { signature: failureSignature(gate.run.exitCode, gate.results, gate.outputTail), tree: after.fingerprint };
      const stuck = isStuck(progress.lastGreen, attempt);
      progress.lastGreen = attempt;
      progress.detail = `green gate failed: ${gate.run.summary}`;
      packet.sentBack = progress.detail;
      return stuck ? "green_stuck" : "green_failed";
    }
    case "run_review": {
      const now = await ports.snapshot();
      const baseline = await ports.baseline();
      packet.diff = (await ports.gitDiff?.()) ?? diffSnapshots(baseline, now);
      const report = await runStage("reviewer", reviewerPrompt(packet), ports, progress);
      if (typeof report !== "object") return report;
      const verdict = report.verdict ?? { verdict: "request_changes" as const, summary: "the reviewer gave no verdict", findings: ["Call ReviewVerdict with approve or request_changes."] };
      const code = changedFiles(baseline, now).filter((file) => !isTestFile(file));
      await ports.updateRow((row) => {
        row.reviews.push({ ...verdict, by: ports.roles.reviewer, at: new Date().toISOString() });
        row.code = code;
      });
      progress.detail = `review: ${verdict.verdict}: ${verdict.summary}`;
      if (verdict.verdict === "approve") return "approved";
      packet.findings = verdict.findings.length ? verdict.findings : [verdict.summary];
      return "changes_requested";
    }
    default:
      return undefined;
  }
}
