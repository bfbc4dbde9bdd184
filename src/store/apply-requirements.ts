import type { Criterion, Requirement } from "../domain/requirement.js";
import type { Task } from "../domain/task.js";
import type { TraceRow } from "../domain/traceability.js";
import type { StateSnapshot } from "./state-store.js";

export interface PlanSummary {
  added: string[];
  /** Approved requirements whose text or criteria changed: marked changed since approval (and reopened unless kept). */
  reopened: string[];
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

function sameList<T>(before: readonly T[] | undefined, after: readonly T[] | undefined, key: (item: T) => string): boolean {
  const a = (before ?? []).map(key);
  const b = (after ?? []).map(key);
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

const criterionKey = (criterion: Criterion) => `${criterion.id}\u0000${criterion.text}`;

/** What was approved: title, text and criteria. A change to any of them means the tests no longer say what the requirement says. */
function contractChanged(known: Requirement, incoming: Requirement): boolean {
  return known.title !== incoming.title || known.description !== incoming.description || !sameList(known.criteria, incoming.criteria, criterionKey);
}

function metadataChanged(known: Requirement, incoming: Requirement): boolean {
  return (
    known.feature !== incoming.feature ||
    !sameList(known.clarifications, incoming.clarifications, String) ||
    !sameList(known.context, incoming.context, String)
  );
}

/** The spec is the only source of these: a re-plan replaces them, and drops them when the spec no longer has them. */
function copyFromSpec(known: Requirement, incoming: Requirement): void {
  known.title = incoming.title;
  known.description = incoming.description;
  known.source = { ...incoming.source };
  for (const key of ["dependsOn", "criteria", "feature", "clarifications", "context"] as const) {
    if (incoming[key] === undefined) delete known[key];
    else (known as Record<string, unknown>)[key] = structuredClone(incoming[key]);
  }
}

export interface ApplyOptions {
  /** The known requirements this spec speaks for: those of them it lacks are removed. Default: all of them. */
  inScope?: (requirement: Requirement) => boolean;
  /** Ids the spec removes explicitly (an OpenSpec delta's REMOVED Requirements). */
  removed?: readonly string[];
  /** Leave approved requirements whose text changed approved (still marked changed since approval). */
  keepApproved?: boolean;
}

function reopen(task: Task, row: TraceRow, known: Requirement, now: string, keepApproved: boolean): void {
  row.changedSinceApproval ??= {
    at: now,
    title: known.title,
    description: known.description,
    ...(known.criteria ? { criteria: known.criteria.map((criterion) => `${criterion.id}: ${criterion.text}`) } : {}),
  };
  if (keepApproved) {
    note(task, now, "requirement changed since approval; kept approved (--keep-approved)");
    return;
  }
  task.history.push({ at: now, from: task.status, to: "pending", reason: "requirement changed since approval: back to QA" });
  task.status = "pending";
  task.attempts = { tests: 0, implement: 0, review: 0 };
  delete task.blockedReason;
  row.status = "pending";
}

function note(task: Task | undefined, now: string, reason: string): void {
  if (task) task.history.push({ at: now, from: task.status, to: task.status, reason });
}

/**
 * Brings the state in line with a freshly parsed spec. Idempotent: applying the same requirements
 * twice changes nothing the second time. New requirements get one pending task and an empty matrix
 * row; requirements gone from the spec are marked removed when work was done on them, else deleted.
 */
export function applyRequirements(draft: StateSnapshot, requirements: Requirement[], now: string, options: ApplyOptions = {}): PlanSummary {
  const summary: PlanSummary = { added: [], reopened: [], updated: [], unchanged: [], removed: [], dropped: [] };
  const inScope = options.inScope ?? (() => true);
  const { taskList, matrix } = draft;
  const existing = new Map(taskList.requirements.map((requirement) => [requirement.id, requirement]));
  const tasks = new Map(taskList.tasks.map((task) => [task.requirement, task]));
  const rows = new Map(matrix.requirements.map((row) => [row.id, row]));
  const wanted = new Set(requirements.map((requirement) => requirement.id));

  for (const incoming of requirements) {
    const known = existing.get(incoming.id);
    if (!known) {
      taskList.requirements.push(structuredClone(incoming));
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
    const contract = contractChanged(known, incoming);
    const changed = returning || contract || metadataChanged(known, incoming) || !sameDependencies(known, incoming);
    const approvedBefore = { ...known };
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
    if (contract && task.status === "approved") {
      reopen(task, row, approvedBefore, now, options.keepApproved === true);
      summary.reopened.push(incoming.id);
    }
    copyFromSpec(known, incoming);
    delete known.removed;
    row.title = incoming.title;
    if (row.status === "removed") row.status = task.status;
    if (returning) note(task, now, `back in the spec ${incoming.source.file}`);
    if (!summary.reopened.includes(incoming.id)) (changed ? summary.updated : summary.unchanged).push(incoming.id);
  }

  const dropped = new Set<string>();
  for (const known of taskList.requirements) {
    if (wanted.has(known.id) || known.removed === true) continue;
    if (!inScope(known) && !options.removed?.includes(known.id)) continue;
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
