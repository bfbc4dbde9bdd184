import type { RunEventBody } from "../domain/events.js";
import type { Task, TaskAttempts, TaskStatus } from "../domain/task.js";
import type { TraceRow } from "../domain/traceability.js";
import type { EventBus } from "../events/event-bus.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { StateStore } from "../store/state-store.js";
import { requirementBaseline } from "./baseline-store.js";
import type { RunConfig } from "./config.js";
import { runTestCommand } from "./gate-runner.js";
import { takeSnapshot } from "./project-snapshot.js";
import { runRequirementPipeline, type SessionReport, type Stage } from "./requirement-pipeline.js";
import type { TestLock } from "./test-lock.js";

export interface OrchestratorDeps {
  projectDir: string;
  store: StateStore;
  bus: EventBus;
  config: RunConfig;
  runner: ProcessRunner;
  /** The environment of test commands, already scrubbed of secrets. */
  env: Record<string, string>;
  lock: TestLock;
  runAgent: (stage: Stage, prompt: string, requirement: string) => Promise<SessionReport>;
  beforeStage?: () => Promise<void>;
  signal: AbortSignal;
}

export interface RunSummary {
  outcome: "approved" | "incomplete" | "interrupted";
  approved: number;
  total: number;
  blocked: string[];
}

/** Takes every open requirement, in spec order, through its pipeline; state is saved before each event. */
export async function runAllRequirements(deps: OrchestratorDeps): Promise<RunSummary> {
  const { store, bus } = deps;
  const publish = (body: RunEventBody, requirement?: string) => bus.publish(body, requirement);
  let interrupted = false;
  const open = store.snapshot().taskList.requirements.filter((requirement) => !requirement.removed);
  for (const requirement of open) {
    if (deps.signal.aborted) {
      interrupted = true;
      break;
    }
    const taskOf = (): Task => store.snapshot().taskList.tasks.find((task) => task.requirement === requirement.id)!;
    const rowOf = (): TraceRow => store.snapshot().matrix.requirements.find((row) => row.id === requirement.id)!;
    if (!taskOf() || !rowOf()) continue;
    deps.lock.lock(rowOf().tests.files);
    const end = await runRequirementPipeline({
      requirement,
      testCommand: deps.config.testCommand,
      limits: deps.config.maxAttempts,
      roles: deps.config.roles,
      task: taskOf,
      row: rowOf,
      transition: async (status: TaskStatus, reason: string, attempts: TaskAttempts, owner?: string) => {
        await store.update((draft) => {
          const task = draft.taskList.tasks.find((candidate) => candidate.requirement === requirement.id)!;
          task.history.push({ at: new Date().toISOString(), from: task.status, to: status, reason });
          task.status = status;
          task.attempts = attempts;
          if (owner !== undefined) task.owner = owner;
          if (status === "blocked") task.blockedReason = reason;
          else delete task.blockedReason;
          const row = draft.matrix.requirements.find((candidate) => candidate.id === requirement.id)!;
          row.status = status;
        });
        publish({ type: "task_status", requirement: requirement.id, status, ...(owner ? { owner } : {}), reason, attempts }, requirement.id);
        if (status === "blocked") {
          publish({ type: "inbox_added", item: { id: `escalation-${requirement.id}-${Date.now()}`, kind: "escalation", requirement: requirement.id, text: reason } }, requirement.id);
        }
      },
      updateRow: (mutate) =>
        store.update((draft) => {
          mutate(draft.matrix.requirements.find((candidate) => candidate.id === requirement.id)!);
        }),
      runAgent: (stage, prompt) => deps.runAgent(stage, prompt, requirement.id),
      runGate: async (gate) => {
        publish({ type: "gate_started", requirement: requirement.id, gate, command: deps.config.testCommand }, requirement.id);
        const result = await runTestCommand(deps.runner, deps.config.testCommand, { cwd: deps.projectDir, env: deps.env, signal: deps.signal });
        const passed = gate === "green" ? result.run.exitCode === 0 : result.run.exitCode !== 0;
        publish(
          { type: "gate_finished", requirement: requirement.id, gate, command: result.run.command, passed, exitCode: result.run.exitCode, durationMs: result.run.durationMs, summary: result.run.summary, outputTail: result.outputTail },
          requirement.id,
        );
        return result;
      },
      snapshot: () => takeSnapshot(deps.projectDir, [store.stateDir]),
      baseline: () => requirementBaseline(store.stateDir, deps.projectDir, requirement.id),
      lockTests: (files) => deps.lock.lock(files),
      ...(deps.beforeStage ? { beforeStage: deps.beforeStage } : {}),
      signal: deps.signal,
    });
    if (end === "interrupted") {
      interrupted = true;
      break;
    }
  }
  await store.flush();
  const tasks = store.snapshot().taskList.tasks.filter((task) => open.some((requirement) => requirement.id === task.requirement));
  const approved = tasks.filter((task) => task.status === "approved").length;
  const blocked = tasks.filter((task) => task.status === "blocked").map((task) => task.requirement);
  const outcome = interrupted ? "interrupted" : approved === tasks.length ? "approved" : "incomplete";
  return { outcome, approved, total: tasks.length, blocked };
}
