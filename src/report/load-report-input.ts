import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readRunLog } from "../store/run-log.js";
import { openStateStore } from "../store/state-store.js";
import type { ReportInput, RunRecord } from "./report-input.js";

/** The runs in the state folder, oldest first (run ids start with their start time). */
async function runRecords(stateDir: string): Promise<RunRecord[]> {
  const folder = join(stateDir, "runs");
  const names = await readdir(folder).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .map((name) => ({ id: name.slice(0, -".jsonl".length), events: readRunLog(join(folder, name)) }));
}

/** The state and run logs, read only (works while a run holds the state folder). */
export async function loadReportInput(stateDir: string, project: string, diffs: ReadonlyMap<string, string>, onNotice?: (message: string) => void): Promise<ReportInput> {
  const store = await openStateStore(stateDir, { write: false, ...(onNotice ? { onNotice } : {}) });
  const state = store.snapshot();
  await store.close();
  return {
    project,
    generatedAt: new Date().toISOString(),
    requirements: state.taskList.requirements,
    tasks: state.taskList.tasks,
    rows: state.matrix.requirements,
    runs: await runRecords(stateDir),
    diffs,
  };
}
