import { STATE_SCHEMA_VERSION } from "../domain/state-files.js";
import { StateStoreError } from "./state-errors.js";

/**
 * Version 0 is what the first prototype wrote: no `schemaVersion`, a task's `attempts` was one number
 * (implementation tries only), tasks had no `history`, and a matrix row's `tests` was a plain list of
 * files. Each step lifts a file one version; the zod schema then checks the result.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function versionOf(raw: Json, file: string): number {
  const version = raw.schemaVersion ?? 0;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    throw new StateStoreError(`${file}: schemaVersion must be a whole number, found ${JSON.stringify(version)}`, "corrupt");
  }
  if (version > STATE_SCHEMA_VERSION) {
    throw new StateStoreError(
      `${file} was written by a newer greenlight (schemaVersion ${version}, this one reads up to ${STATE_SCHEMA_VERSION}); upgrade greenlight`,
      "newer_version",
    );
  }
  return version;
}

function taskListV0toV1(raw: Json): Json {
  const tasks = raw.tasks;
  return {
    ...raw,
    schemaVersion: 1,
    tasks: Array.isArray(tasks)
      ? tasks.map((task: unknown) => {
          if (!isObject(task)) return task;
          const attempts = typeof task.attempts === "number" ? { tests: 0, implement: task.attempts, review: 0 } : task.attempts;
          return { ...task, attempts, history: task.history ?? [] };
        })
      : tasks,
  };
}

function matrixV0toV1(raw: Json): Json {
  return {
    ...raw,
    schemaVersion: 1,
    requirements: Array.isArray(raw.requirements)
      ? raw.requirements.map((row: unknown) => {
          if (!isObject(row) || !Array.isArray(row.tests)) return row;
          return { ...row, tests: { files: row.tests, names: [] } };
        })
      : raw.requirements,
  };
}

export type StateFileKind = "taskList" | "matrix";

const STEPS: Record<StateFileKind, Array<(raw: Json) => Json>> = {
  taskList: [taskListV0toV1],
  matrix: [matrixV0toV1],
};

/** Lifts a parsed state file to the current version; `migrated` says whether anything changed. */
export function migrateStateFile(kind: StateFileKind, raw: unknown, file: string): { value: unknown; migrated: boolean } {
  if (!isObject(raw)) return { value: raw, migrated: false };
  let version = versionOf(raw, file);
  let value = raw;
  const migrated = version < STATE_SCHEMA_VERSION;
  while (version < STATE_SCHEMA_VERSION) {
    value = STEPS[kind][version]!(value);
    version++;
  }
  return { value, migrated };
}
