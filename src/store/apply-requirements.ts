import type { Requirement } from "../domain/requirement.js";
import type { Task } from "../domain/task.js";
import type { TraceRow } from "../domain/traceability.js";
import type { StateSnapshot } from "./state-store.js";

export interface PlanSummary {
  added: string[];
  /** Title, description or dependencies changed, or a removed requirement came back. */
  updated: string[];
  unchanged: string[];
  /** Gone from the spec but with work done: kept and marked removed. */
  removed: string[];
  /** Gone from the spec with no work done: deleted with their pending task and empty row. */
  dropped: string[];
}

export function taskIdFor(requirementId: string): string {
  return `T-${requirementId}`;
}

function hasWork(task: Task | undefined, row: TraceRow | undefined): boolean {
  if (task && (task.status !== "pending" || task.history.length > 0 || task.attempts.tests + task.attempts.implement + task.attempts.review > 0)) {
    return true;
  }
  if (!row) return false;
  return row.tests.files.length > 0 || row.code.length > 0 || row.reviews.length > 0 || row.gates.red !== undefined || row.gates.green !== undefined;
}

function newTask(requirement: Requirement): Task {
  return { id: taskIdFor(requirement.id), requirement: requirement.id, status: "pending", attempts: { tests: 0, implement: 0, review: 0 }, history: [] };
}

function newRow(requirement: Requirement): TraceRow {
  return { id: requirement.id, title: requirement.title, status: "pending", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [] };
}

function sameDependencies(known: Requirement, incoming: Requirement): boolean {
  const before = known.dependsOn ?? [];
  const after = incoming.dependsOn ?? [];
  return before.length === after.length && before.every((id, index) => id === after[index]);
}

function note(task: Task | undefined, now: string, reason: string): void {
  if (task) task.history.push({ at: now, from: task.status, to: task.status, reason });
}

/**
 * Brings the state in line with a freshly parsed spec. Idempotent: applying the same requirements
 * twice changes nothing the second time. New requirements get one pending task and an empty matrix
 * row; requirements gone from the spec are marked removed when work was done on them, else deleted.
 */
export function applyRequirements(draft: StateSnapshot, requirements: Requirement[], now: string): PlanSummary {
  const summary: PlanSummary = { added: [], updated: [], unchanged: [], removed: [], dropped: [] };
  const { taskList, matrix } = draft;
  const existing = new Map(taskList.requirements.map((requirement) => [requirement.id, requirement]));
  const tasks = new Map(taskList.tasks.map((task) => [task.requirement, task]));
  const rows = new Map(matrix.requirements.map((row) => [row.id, row]));
  const wanted = new Set(requirements.map((requirement) => requirement.id));

  for (const incoming of requirements) {
    const known = existing.get(incoming.id);
    if (!known) {
      taskList.requirements.push({ ...incoming, ...(incoming.dependsOn ? { dependsOn: [...incoming.dependsOn] } : {}) });
      const task = newTask(incoming);
      taskList.tasks.push(task);
      tasks.set(incoming.id, task);
      const row = newRow(incoming);
      matrix.requirements.push(row);
      rows.set(incoming.id, row);
      summary.added.push(incoming.id);
      continue;
    }
    const returning = known.removed === true;
    const changed = returning || known.title !== incoming.title || known.description !== incoming.description || !sameDependencies(known, incoming);
    known.title = incoming.title;
    known.description = incoming.description;
    known.source = { ...incoming.source };
    // The spec is the only source of dependencies: a re-plan replaces them, and drops them when the line is gone.
    if (incoming.dependsOn) known.dependsOn = [...incoming.dependsOn];
    else delete known.dependsOn;
    delete known.removed;
    let task = tasks.get(incoming.id);
    if (!task) {
      task = newTask(incoming);
      taskList.tasks.push(task);
      tasks.set(incoming.id, task);
    }
    let row = rows.get(incoming.id);
    if (!row) {
      row = newRow(incoming);
      matrix.requirements.push(row);
      rows.set(incoming.id, row);
    }
    row.title = incoming.title;
    if (row.status === "removed") row.status = task.status;
    if (returning) note(task, now, `back in the spec ${incoming.source.file}`);
    (changed ? summary.updated : summary.unchanged).push(incoming.id);
  }

  const dropped = new Set<string>();
  for (const known of taskList.requirements) {
    if (wanted.has(known.id) || known.removed === true) continue;
    const task = tasks.get(known.id);
    const row = rows.get(known.id);
    if (hasWork(task, row)) {
      known.removed = true;
      if (row) row.status = "removed";
      note(task, now, `removed from the spec ${known.source.file}`);
      summary.removed.push(known.id);
    } else {
      dropped.add(known.id);
      summary.dropped.push(known.id);
    }
  }
  if (dropped.size > 0) {
    taskList.requirements = taskList.requirements.filter((requirement) => !dropped.has(requirement.id));
    taskList.tasks = taskList.tasks.filter((task) => !dropped.has(task.requirement));
    matrix.requirements = matrix.requirements.filter((row) => !dropped.has(row.id));
  }
  return summary;
}
