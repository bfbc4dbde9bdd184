import type { Requirement } from "../domain/requirement.js";
import type { Task, TaskAttempts, TaskStatus } from "../domain/task.js";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { Role } from "../domain/roles.js";
import type { SessionReport } from "../domain/session-report.js";
import type { SuiteBaseline, TraceRow } from "../domain/traceability.js";
import type { Narrowing } from "../gates/reports/narrow-command.js";
import { baselineIdentities, baselineView, compareWithBaseline, describeKnownFailures, knownFailuresAfter, recordBaseline } from "../gates/baseline.js";
import { codeOf, confirmFlaky, flakyAfter, onlyFailuresBlock, runGateRepeatingEnvironmentFailure } from "./gate-runs.js";
import type { GateName } from "../domain/events.js";
import type { GateExecution } from "../gates/gate-runner.js";
import { backendPrompt, qaPrompt, reviewerPrompt, type HandoffPacket } from "./handoff-packet.js";
import { changedFiles, diffSnapshots, type ProjectSnapshot } from "../project/project-snapshot.js";
import { judgeRedGate, type RedGateVerdict } from "../gates/red-gate.js";
import { criteriaCoverage, criterionTag, unchangedCoverage } from "../gates/criteria-coverage.js";
import { failureSignature, isStuck, type GreenAttempt } from "./stuck-detector.js";
import { applyQaWork, previouslyPassed, testDigests } from "../gates/test-contract.js";
import { changedHarness, describePart, harnessDigests, type HarnessDigests } from "../gates/test-harness.js";
import { judgeLockedLedger } from "../gates/locked-ledger.js";
import { attributeFiles } from "../gates/test-identity.js";
import { isTestFile } from "../domain/test-files.js";
import type { TamperAttempt } from "../domain/tamper.js";
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
  /**
   * Runs the test command for a gate (publishing gate_started), or `command` in its place (the command
   * narrowed by narrowedCommand); the verdict is published with gateJudged.
   */
  runGate(gate: GateName, command?: string): Promise<GateExecution>;
  /** The test command narrowed to test files or to tests by name; undefined when the runner cannot be narrowed. */
  narrowedCommand?(narrowing: Narrowing): string | undefined;
  /** The suite's baseline (see gates/baseline.ts), and a way to replace it durably. */
  suiteBaseline?(): Promise<SuiteBaseline | undefined>;
  recordSuiteBaseline?(baseline: SuiteBaseline): Promise<void>;
  /** Of these project paths, the ones git tracks or would track (all of them outside git). */
  trackable?(paths: readonly string[]): Promise<string[]>;
  /** Publishes the gate's verdict (gate_finished) once it is judged, never before. */
  gateJudged?(gate: GateName, execution: GateExecution, verdict: { passed: boolean; summary: string }): void;
  snapshot(): Promise<ProjectSnapshot>;
  /** The snapshot taken when the requirement started (kept across resumes). */
  baseline(): Promise<ProjectSnapshot>;
  /** `git diff` since the requirement started, when the project is a git repository. */
  gitDiff?(): Promise<string | undefined>;
  /** Test names other requirements already own: never new for this one. */
  knownTestNames?(): ReadonlySet<string>;
  /** The identities the runner collects from the old versions of test files (file -> its text before QA's work). */
  collectOldTests?(old: Record<string, string>): Promise<string[]>;
  lockTests(files: string[]): void;
  /** Locks the test harness as recorded: a Write/Edit that changes a part is refused. */
  lockHarness?(digests: HarnessDigests): void;
  /**
   * Every row of the matrix (this requirement's included) and a way to change several at once: the locks
   * of approved requirements hold for this one. Without it, only this requirement's row is seen.
   */
  matrix?: { rows(): readonly DeepReadonly<TraceRow>[]; update(mutate: (rows: TraceRow[]) => void): Promise<void> };
  /** Persists a tamper attempt on the row (count and note), then publishes tamper_refused. */
  reportTamper(attempt: TamperAttempt): Promise<void>;
  /** Resolves when the run may start the next stage (a person may have paused it). */
  beforeStage?: () => Promise<void>;
  /** Told when a stage or gate ended, before the task moves on: a parallel run commits the worktree as evidence. */
  stageEnded?(action: StageAction, outcome: Outcome, detail: string): Promise<void>;
  signal: AbortSignal;
}

export type StageAction = Exclude<Action, "done" | "escalate">;

export type PipelineEnd = "approved" | "blocked" | "interrupted";

interface Progress {
  packet: HandoffPacket;
  /** The tests of each test file as it was when the requirement started, by its text then: collected once. */
  oldTests?: Map<string, { text: string; identities: string[] }>;
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
    if (outcome !== "cancelled") await ports.stageEnded?.(action as StageAction, outcome, progress.detail);
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

function interruptedGate(ports: PipelinePorts, gate: GateName, execution: GateExecution): undefined {
  ports.gateJudged?.(gate, execution, { passed: false, summary: `interrupted: ${execution.run.summary}` });
  return undefined;
}

/** Changes rows of the matrix at once; without the matrix port, only this requirement's row. */
async function updateMatrix<T>(ports: PipelinePorts, mutate: (rows: TraceRow[]) => T): Promise<T> {
  let result: T | undefined;
  if (ports.matrix) await ports.matrix.update((rows) => void (result = mutate(rows)));
  else await ports.updateRow((row) => void (result = mutate([row])));
  return result!;
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
      const changed = ports.row().changedSinceApproval;
      if (changed) packet.changedSinceApproval = { ...changed, tests: [...ports.row().tests.names] };
      const ended = await runStage("qa", qaPrompt(packet), ports, progress);
      if (typeof ended !== "object") return ended;
      const after = await ports.snapshot();
      // QA owns the tests and the harness: what it changed in its session becomes the contract.
      await updateMatrix(ports, (rows) => applyQaWork(rows, ports.requirement.id, before.files, after.files, ports.testCommand));
      const harness = ports.row().tests.harness;
      if (harness) ports.lockHarness?.(harness);
      // Since the requirement started, not only in this session: a QA session that an interrupted run
      // cut short already wrote its tests, and the session that starts over may find nothing to change.
      const written = [...new Set([...changedFiles(before, after), ...changedFiles(await ports.baseline(), after)])].filter(isTestFile).sort();
      packet.testFiles = [...new Set([...packet.testFiles, ...written])].sort();
      progress.detail = written.length ? `QA wrote ${written.join(", ")}` : "QA wrote no test files";
      return "tests_written";
    }
    case "run_red_gate":
      return redGate(ports, progress);
    case "run_backend": {
      const ended = await runStage("backend", backendPrompt(packet), ports, progress);
      if (typeof ended !== "object") return ended;
      progress.detail = "backend finished; checking the whole suite";
      return "code_written";
    }
    case "run_green_gate":
      return greenGate(ports, progress);
    case "run_review": {
      const now = await ports.snapshot();
      const baseline = await ports.baseline();
      packet.diff = (await ports.gitDiff?.()) ?? diffSnapshots(baseline, now);
      const reviewed = ports.row();
      packet.exitCodeOnly = reviewed.gates.green?.evidence === "exit-code";
      packet.tamper = [...(reviewed.tamperNotes ?? [])];
      packet.knownFailures = (reviewed.knownFailures ?? []).filter((failure) => failure.fixedAt === undefined).map((failure) => failure.test);
      packet.flaky = (reviewed.flakyTests ?? []).map((entry) => ({ test: entry.test, locked: entry.locked, times: entry.times }));
      const report = await runStage("reviewer", reviewerPrompt(packet), ports, progress);
      if (typeof report !== "object") return report;
      const verdict = report.verdict ?? { verdict: "request_changes" as const, summary: "the reviewer gave no verdict", findings: ["Call ReviewVerdict with approve or request_changes."] };
      const changedCode = changedFiles(baseline, now).filter((file) => !isTestFile(file));
      // A file the tests wrote into an ignored folder is not code the backend wrote.
      const code = ports.trackable ? await ports.trackable(changedCode) : changedCode;
      await ports.updateRow((row) => {
        row.reviews.push({ ...verdict, by: ports.roles.reviewer, at: new Date().toISOString() });
        row.code = code;
        // Approved as the requirement now reads: it no longer differs from what was tested.
        if (verdict.verdict === "approve") delete row.changedSinceApproval;
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

/**
 * The tests QA's test files held when the requirement started, as the runner collects them: a file QA
 * did not change holds only such tests (this run names them); a changed one's old text is collected.
 */
async function testsBeforeQa(ports: PipelinePorts, progress: Progress, gate: GateExecution, now: ProjectSnapshot): Promise<string[]> {
  const baseline = await ports.baseline();
  const files = progress.packet.testFiles.filter((file) => baseline.files[file] !== undefined);
  const unchanged = files.filter((file) => baseline.files[file] === now.files[file]);
  const fromRun = gate.results.tests.filter((test) => test.file !== undefined && unchanged.includes(test.file)).map((test) => test.id);
  const cache = (progress.oldTests ??= new Map());
  const pending = Object.fromEntries(files.filter((file) => !unchanged.includes(file) && cache.get(file)?.text !== baseline.files[file]).map((file) => [file, baseline.files[file]!]));
  if (Object.keys(pending).length > 0 && ports.collectOldTests) {
    const identities = await ports.collectOldTests(pending);
    for (const [file, text] of Object.entries(pending)) cache.set(file, { text, identities: identities.filter((id) => id.startsWith(`${file}::`)) });
  }
  return [...fromRun, ...files.flatMap((file) => cache.get(file)?.identities ?? [])];
}

/**
 * A red gate that passed also needs, for a requirement with acceptance criteria, a failing new test naming
 * each criterion (`[AC 1.2]` in its name). Without per-test results nothing can be attributed: the exit
 * code's verdict stands and no coverage is recorded.
 */
function withCriteria(
  verdict: RedGateVerdict,
  requirement: Requirement,
  reported: boolean,
  carried: Record<string, string[]>,
): RedGateVerdict & { coverage?: Record<string, string[]> } {
  const criteria = requirement.criteria ?? [];
  if (!verdict.passed || criteria.length === 0 || !reported) return verdict;
  const { coverage, uncovered } = criteriaCoverage(criteria, verdict.newTests, carried);
  if (uncovered.length > 0) {
    const tags = uncovered.map(criterionTag).join(", ");
    return { ...verdict, passed: false, reason: `no failing new test names the criteria ${uncovered.join(", ")}: put ${tags} in the name of a test that checks it` };
  }
  return { ...verdict, reason: `${verdict.reason}; ${criteria.length}/${criteria.length} criteria covered`, coverage };
}

/**
 * The red gate: QA's tests exist and fail. The first red gate of a run is a full run and records the
 * baseline (QA's new tests aside); once a baseline of the same code exists (the previous accepted green
 * gate), only QA's files run where the runner can be narrowed to them.
 */
async function redGate(ports: PipelinePorts, progress: Progress): Promise<Performed> {
  const { packet } = progress;
  const id = ports.requirement.id;
  let suite = await ports.suiteBaseline?.();
  const code = await codeOf(ports, (await ports.snapshot()).files);
  const narrowed = suite !== undefined && suite.code === code ? ports.narrowedCommand?.({ files: packet.testFiles }) : undefined;
  const { execution: gate, environment } = await runGateRepeatingEnvironmentFailure(ports, "red", narrowed);
  if (gate.aborted) return interruptedGate(ports, "red", gate);
  if (environment !== undefined) return environmentFailed(ports, progress, "red", gate, environment);
  const now = await ports.snapshot();
  // This requirement's own tests from before (a reopened requirement's) are not new either.
  const ownTests = ports.row().tests.names;
  const existing = [
    ...(ports.knownTestNames?.() ?? []),
    ...previouslyPassed(ports.matrix?.rows() ?? [ports.row()]),
    ...ownTests,
    ...baselineIdentities(suite),
    ...(await testsBeforeQa(ports, progress, gate, now)),
  ];
  const changed = ports.row().changedSinceApproval;
  const carried = changed ? unchangedCoverage(ports.requirement.criteria ?? [], changed.criteria, ports.row().criteriaCoverage) : {};
  const verdict = withCriteria(
    judgeRedGate({ testFiles: packet.testFiles, exitCode: gate.run.exitCode, results: gate.results, files: now.files, existing }),
    ports.requirement,
    gate.results.reported,
    carried,
  );
  // By identity, as the gates judge them: a test reported without a file gets the one test file that defines it.
  const results = attributeFiles(gate.results, now.files);
  if (narrowed === undefined && results.reported && ports.recordSuiteBaseline && (suite === undefined || suite.code !== code)) {
    suite = recordBaseline(results, { at: gate.run.at, gate: "red", requirement: id, code }, suite, new Set(verdict.newTests.map((test) => test.id)));
    await ports.recordSuiteBaseline(suite);
  }
  const seen = compareWithBaseline(suite, results);
  const fixed = new Set(seen.fixed);
  const known = { knownFailing: (suite?.failing ?? []).map((failure) => failure.test).filter((test) => !fixed.has(test)), regressions: [], fixed: seen.fixed };
  const shown = describeKnownFailures(known);
  const reason = shown ? `${verdict.reason}; ${shown}` : verdict.reason;
  ports.gateJudged?.("red", gate, { passed: verdict.passed, summary: reason });
  progress.detail = `red gate: ${reason}`;
  packet.gateOutputTail = gate.outputTail;
  packet.knownFailures = known.knownFailing;
  if (known.knownFailing.length > 0 || known.fixed.length > 0) {
    await ports.updateRow((row) => {
      row.knownFailures = knownFailuresAfter(row.knownFailures, suite, known, gate.run.at);
    });
  }
  if (!verdict.passed) {
    packet.sentBack = progress.detail;
    return "red_rejected";
  }
  delete packet.sentBack;
  ports.lockTests(packet.testFiles);
  await ports.updateRow((row) => {
    row.tests = {
      files: [...packet.testFiles],
      names: [...new Set([...ownTests, ...verdict.names])],
      digests: testDigests(packet.testFiles, now.files),
      // A harness carried over from the requirements approved before (through QA's session) stays the record.
      harness: row.tests.harness ?? harnessDigests(now.files, ports.testCommand),
    };
    row.gates.red = { ...gate.run, summary: reason, evidence: gate.results.evidence, passed: true };
    if (verdict.coverage) row.criteriaCoverage = verdict.coverage;
  });
  ports.lockHarness?.(ports.row().tests.harness!);
  return "red_confirmed";
}

/** A gate failed for reasons of the environment: shown, recorded, and no agent is charged. */
async function environmentFailed(ports: PipelinePorts, progress: Progress, gate: "red" | "green", execution: GateExecution, why: string): Promise<Performed> {
  const summary = why;
  ports.gateJudged?.(gate, execution, { passed: false, summary });
  progress.packet.gateOutputTail = execution.outputTail;
  await ports.updateRow((row) => {
    row.gates[gate] = { ...execution.run, summary, evidence: execution.results.evidence, passed: false };
  });
  progress.detail = `${gate} gate: ${summary}`;
  return "environment_failed";
}

/**
 * The green gate: the contract first (locked tests and harness of this and every approved requirement,
 * changed behind the write guard through Bash), then the ledger (every locked test passed by name, none
 * of the previous gate's tests gone). A run that exits 0 without balancing the ledger was gamed: like a
 * breached contract it is a tamper attempt, and the backend is sent back with the reason.
 */
async function greenGate(ports: PipelinePorts, progress: Progress): Promise<Performed> {
  const { packet } = progress;
  const id = ports.requirement.id;
  const suite = await ports.suiteBaseline?.();
  const { execution: gate, environment } = await runGateRepeatingEnvironmentFailure(ports, "green");
  if (gate.aborted) return interruptedGate(ports, "green", gate);
  packet.gateOutputTail = gate.outputTail;
  if (environment !== undefined) return environmentFailed(ports, progress, "green", gate, environment);
  const after = await ports.snapshot();
  const results = attributeFiles(gate.results, after.files);
  const rows = ports.matrix?.rows() ?? [ports.row()];
  const tolerance = { ...(suite ? { baseline: baselineView(suite)! } : {}) };
  let { changedTests: tamperedTests, ledger } = judgeLockedLedger(rows, id, gate, after.files, tolerance);
  let flaky = new Set<string>();
  if (tamperedTests.length === 0 && onlyFailuresBlock(ledger)) {
    // Flaky or broken: the failures are re-run by name on the same code before anyone is sent back.
    const failing = new Set(ledger.failing);
    flaky = await confirmFlaky(ports, "green", results.tests.filter((test) => failing.has(test.id)), after.files);
    if (flaky.size > 0) ({ changedTests: tamperedTests, ledger } = judgeLockedLedger(rows, id, gate, after.files, { ...tolerance, flaky }));
  }
  const recordedHarness = ports.row().tests.harness;
  const tamperedHarness = recordedHarness ? changedHarness(recordedHarness, harnessDigests(after.files, ports.testCommand)) : [];
  const backend = ports.roles.backend;
  const breaches: TamperAttempt[] = [];
  if (tamperedTests.length > 0) {
    breaches.push({ agent: backend, caught: "gate", kind: "locked_test", files: tamperedTests, tests: [], reason: `the locked test file(s) ${tamperedTests.join(", ")} changed since the red gate (or QA's last session)` });
  }
  if (tamperedHarness.length > 0) {
    const files = [...new Set(tamperedHarness.map((part) => part.split("#")[0]!))];
    breaches.push({ agent: backend, caught: "gate", kind: "harness", files, tests: [], reason: `the locked test harness changed since the red gate: ${tamperedHarness.map(describePart).join(", ")}` });
  }
  if (breaches.length === 0 && ledger.gamed) {
    const missing = ledger.shortfalls.map((shortfall) => shortfall.name);
    const kind = missing.length > 0 || ledger.disappeared.length === 0 ? "tests_not_run" : "tests_disappeared";
    breaches.push({ agent: backend, caught: "gate", kind, files: [], tests: [...missing, ...ledger.disappeared], reason: `the test command exited 0 but the ledger does not balance: ${ledger.reason}` });
  }
  const passed = breaches.length === 0 && ledger.passed;
  const locked = new Set([...ports.row().tests.names, ...ledger.currentNames]);
  const lockedFlaky = [...flaky].filter((test) => locked.has(test));
  const attention = passed && lockedFlaky.length > 0 ? `; ${id}'s own locked test(s) passed only on re-run, so they pass to the reviewer's and your attention: ${lockedFlaky.join(", ")}` : "";
  const summary = breaches.length > 0 ? `refused: ${breaches.map((breach) => breach.reason).join("; ")}` : `${ledger.reason}${attention}`;
  ports.gateJudged?.("green", gate, { passed, summary });
  const seen = compareWithBaseline(suite, results);
  await updateMatrix(ports, (all) => {
    const row = all.find((candidate) => candidate.id === id)!;
    row.gates.green = { ...gate.run, summary, evidence: ledger.evidence, passed };
    if (suite !== undefined && (seen.knownFailing.length > 0 || seen.fixed.length > 0)) row.knownFailures = knownFailuresAfter(row.knownFailures, suite, seen, gate.run.at);
    if (flaky.size > 0) row.flakyTests = flakyAfter(all, row, flaky, locked, gate.run.at);
    if (!passed) return;
    if (ledger.currentNames.length > 0) row.tests.names = ledger.currentNames;
    if (ledger.evidence !== "exit-code") row.ledger = { passed: ledger.passedNames, at: gate.run.at };
    delete row.retiredTests;
  });
  if (passed && results.reported && ports.recordSuiteBaseline) {
    // The accepted green gate is the next requirement's baseline: what passed here (flaky tests included) must keep passing.
    const passedHere = { ...results, tests: results.tests.map((test) => (flaky.has(test.id) ? { ...test, status: "passed" as const, passed: true } : test)) };
    await ports.recordSuiteBaseline(recordBaseline(passedHere, { at: gate.run.at, gate: "green", requirement: id, code: await codeOf(ports, after.files) }, suite));
  }
  for (const breach of breaches) await ports.reportTamper(breach);
  if (breaches.length > 0) {
    progress.detail = `green gate refused: ${breaches.map((breach) => breach.reason).join("; ")}; restore them (only QA may change tests and harness), make the tests pass by changing the code, and ask for a handoff to QA if a test is wrong`;
    packet.sentBack = progress.detail;
    return "green_failed";
  }
  if (passed) {
    delete packet.sentBack;
    progress.detail = `green gate: ${ledger.reason}`;
    return "green_passed";
  }
  const attempt: GreenAttempt = { signature: failureSignature(gate.run.exitCode, gate.results, gate.outputTail), tree: after.fingerprint };
  const stuck = isStuck(progress.lastGreen, attempt);
  progress.lastGreen = attempt;
  progress.detail = `green gate failed: ${ledger.reason}`;
  packet.sentBack = progress.detail;
  return stuck ? "green_stuck" : "green_failed";
}
