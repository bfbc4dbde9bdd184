import type { Requirement } from "../domain/requirement.js";
import type { RunDeps } from "./run-deps.js";

export interface RunSummary {
  outcome: "approved" | "incomplete" | "interrupted";
  approved: number;
  total: number;
  blocked: string[];
}

/** The run's end from the tasks' statuses, saved first. */
export async function summarize(deps: RunDeps, open: readonly Requirement[], interrupted: boolean): Promise<RunSummary> {
  const { store } = deps;
  await store.flush();
  const tasks = store.snapshot().taskList.tasks.filter((task) => open.some((requirement) => requirement.id === task.requirement));
  const approved = tasks.filter((task) => task.status === "approved").length;
  const blocked = tasks.filter((task) => task.status === "blocked").map((task) => task.requirement);
  const outcome = interrupted ? "interrupted" : approved === tasks.length ? "approved" : "incomplete";
  return { outcome, approved, total: tasks.length, blocked };
}

