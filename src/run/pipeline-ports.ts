import type { Requirement } from "../domain/requirement.js";
import type { TaskAttempts, TaskStatus } from "../domain/task.js";
import type { TraceRow } from "../domain/traceability.js";
import { readSuiteBaseline, requirementBaseline, requirementBaselineTree, writeSuiteBaseline } from "../project/baseline-store.js";
import { narrowCommand } from "../gates/reports/narrow-command.js";
import type { GitProject } from "../project/git-diff.js";
import { collectOldTests } from "../gates/collect-old-tests.js";
import { runTestCommand, type GateOptions } from "../gates/gate-runner.js";
import type { RunDeps } from "./run-deps.js";
import { takeSnapshot } from "../project/project-snapshot.js";
import { withProjectVenv } from "../project/project-venv.js";
import type { PipelinePorts } from "../workflow/requirement-pipeline.js";
import { recordTamper } from "./record-tamper.js";

/** Wires one requirement's pipeline to the store (saved before each event), the bus, the test runner and the agents. */
export function createPipelinePorts(deps: RunDeps, requirement: Requirement, git: GitProject): PipelinePorts {
  const { store, bus } = deps;
  const id = requirement.id;
  const taskOf = () => store.snapshot().taskList.tasks.find((task) => task.requirement === id)!;
  const rowOf = () => store.snapshot().matrix.requirements.find((row) => row.id === id)!;
  const startTree = () => requirementBaselineTree(store.stateDir, id, git.workingTree);
  const gateOptions: GateOptions = {
    cwd: deps.projectDir,
    env: withProjectVenv(deps.projectDir, deps.env),
    signal: deps.signal,
    timeoutMs: deps.config.gateTimeoutMs,
    ...(deps.config.testReport !== undefined ? { testReport: deps.config.testReport } : {}),
  };
  return {
    requirement,
    testCommand: deps.config.testCommand,
    limits: deps.config.maxAttempts,
    roles: deps.config.roles,
    task: taskOf,
    row: rowOf,
    transition: async (status: TaskStatus, reason: string, attempts: TaskAttempts, owner?: string) => {
      await store.update((draft) => {
        const task = draft.taskList.tasks.find((candidate) => candidate.requirement === id)!;
        task.history.push({ at: new Date().toISOString(), from: task.status, to: status, reason });
        task.status = status;
        task.attempts = attempts;
        if (owner !== undefined) task.owner = owner;
        if (status === "blocked") task.blockedReason = reason;
        else delete task.blockedReason;
        draft.matrix.requirements.find((candidate) => candidate.id === id)!.status = status;
      });
      bus.publish({ type: "task_status", requirement: id, status, ...(owner ? { owner } : {}), reason, attempts }, id);
      bus.publish({ type: "matrix_row", row: structuredClone(rowOf()) as TraceRow }, id);
      // With a person present the orchestrator puts the escalation in their inbox itself, to wait for the answer.
      if (status === "blocked" && !deps.person) {
        bus.publish({ type: "inbox_added", item: { id: `escalation-${id}-${Date.now()}`, kind: "escalation", requirement: id, text: reason } }, id);
      }
    },
    updateRow: async (mutate) => {
      await store.update((draft) => {
        mutate(draft.matrix.requirements.find((candidate) => candidate.id === id)!);
      });
      bus.publish({ type: "matrix_row", row: structuredClone(rowOf()) as TraceRow }, id);
    },
    runAgent: (stage, prompt) => deps.runAgent(stage, prompt, id),
    runGate: async (gate, command = deps.config.testCommand) => {
      bus.publish({ type: "gate_started", requirement: id, gate, command }, id);
      return runTestCommand(deps.runner, command, gateOptions);
    },
    collectOldTests: async (old) => (await collectOldTests(deps.runner, deps.config.testCommand, gateOptions, old)).identities,
    gateJudged: (gate, result, verdict) => {
      bus.publish(
        {
          type: "gate_finished",
          requirement: id,
          gate,
          command: result.run.command,
          passed: verdict.passed,
          exitCode: result.run.exitCode,
          durationMs: result.run.durationMs,
          summary: verdict.summary,
          evidence: result.results.evidence,
          outputTail: result.outputTail,
        },
        id,
      );
    },
    // greenlight.json "testReport" names the one file the person's command writes: a narrowed run cannot be told apart from it.
    narrowedCommand: (narrowing) => (deps.config.testReport === undefined ? narrowCommand(deps.config.testCommand, deps.projectDir, narrowing) : undefined),
    suiteBaseline: () => readSuiteBaseline(store.stateDir),
    recordSuiteBaseline: (baseline) => writeSuiteBaseline(store.stateDir, baseline),
    trackable: (paths) => git.trackable(paths),
    snapshot: () => takeSnapshot(deps.projectDir, [store.stateDir]),
    baseline: async () => {
      const snapshot = await requirementBaseline(store.stateDir, deps.projectDir, id);
      await startTree();
      return snapshot;
    },
    gitDiff: async () => {
      const from = await startTree();
      const to = from === undefined ? undefined : await git.workingTree();
      return from === undefined || to === undefined ? undefined : git.diffTrees(from, to);
    },
    knownTestNames: () =>
      new Set(
        store
          .snapshot()
          .matrix.requirements.filter((row) => row.id !== id)
          .flatMap((row) => row.tests.names),
      ),
    lockTests: (files) => deps.lock.lock(files),
    lockHarness: (digests) => deps.lock.lockHarness(digests),
    matrix: {
      rows: () => store.snapshot().matrix.requirements,
      update: (mutate) =>
        store.update((draft) => {
          mutate(draft.matrix.requirements);
        }),
    },
    reportTamper: (attempt) => recordTamper(store, bus, id, attempt),
    ...(deps.beforeStage ? { beforeStage: deps.beforeStage } : {}),
    signal: deps.signal,
  };
}
