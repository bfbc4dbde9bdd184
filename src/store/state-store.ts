import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Low } from "lowdb";
import {
  STATE_SCHEMA_VERSION,
  taskListFileSchema,
  traceabilityMatrixFileSchema,
  type TaskListFile,
  type TraceabilityMatrixFile,
} from "../domain/state-files.js";
import { requirementSchema } from "../domain/requirement.js";
import { taskSchema } from "../domain/task.js";
import { traceRowSchema } from "../domain/traceability.js";
import type { FileLayer } from "./durable-file.js";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import { StateSerializer } from "./state-serializer.js";
import { acquireStateLock, type StateLock } from "./state-lock.js";
import { StateStoreError } from "./state-errors.js";
import { StateFile } from "./state-file.js";

/** What snapshot() hands out: the live state, so read-only by type; change it only through update()'s draft. */
export type ReadonlyState = DeepReadonly<StateSnapshot>;

export interface StateSnapshot {
  taskList: TaskListFile;
  matrix: TraceabilityMatrixFile;
}

export interface StateStore {
  readonly stateDir: string;
  /** Current validated state (treat as read-only). */
  snapshot(): ReadonlyState;
  /**
   * Mutate a draft; resolves once the change is durable on disk (fsync'd). Bursts are coalesced.
   * Only changes made through `draft` are tracked: objects from snapshot() are read-only.
   */
  update(mutate: (draft: StateSnapshot) => void): Promise<void>;
  flush(): Promise<void>;
  /** Flush and release the lock. */
  close(): Promise<void>;
}

export interface OpenStateStoreOptions {
  write: boolean;
  onNotice?: (message: string) => void;
  /** For tests that simulate a full disk at the file-operation boundary. */
  files?: FileLayer;
}

export const TASK_LIST_FILE = "task_list.json";
export const MATRIX_FILE = "traceability_matrix.json";

export { defaultStateDir } from "./state-dir.js";

interface PendingUpdate {
  mutate: (draft: StateSnapshot) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The one writer of a state folder. update() changes memory at once and queues a save; while a save is
 * running, further updates pile up and all go out in the next one, so a burst costs a write or two, and
 * each caller hears back only when a save that contains its change has been fsync'd.
 */
class LowStateStore implements StateStore {
  private waiting: PendingUpdate[] = [];
  private saving: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    readonly stateDir: string,
    private readonly taskList: Low<TaskListFile>,
    private readonly matrix: Low<TraceabilityMatrixFile>,
    private readonly writable: boolean,
    private readonly lock: StateLock | undefined,
  ) {}

  snapshot(): ReadonlyState {
    return { taskList: this.taskList.data, matrix: this.matrix.data };
  }

  private draft(): StateSnapshot {
    return { taskList: this.taskListFile.draft(this.taskList.data), matrix: this.matrixFile.draft(this.matrix.data) };
  }

  private get taskListFile(): StateFile<TaskListFile> {
    return this.taskList.adapter as StateFile<TaskListFile>;
  }

  private get matrixFile(): StateFile<TraceabilityMatrixFile> {
    return this.matrix.adapter as StateFile<TraceabilityMatrixFile>;
  }

  update(mutate: (draft: StateSnapshot) => void): Promise<void> {
    if (!this.writable) return Promise.reject(new StateStoreError(`the state in ${this.stateDir} was opened read-only`, "read_only"));
    if (this.closed) return Promise.reject(new StateStoreError(`the state store for ${this.stateDir} is closed`, "io"));
    try {
      mutate(this.draft());
    } catch (error) {
      this.undoAndReplay();
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ mutate, resolve, reject });
      this.schedule();
    });
  }

  async flush(): Promise<void> {
    while (this.saving || this.scheduled || this.waiting.length > 0) {
      if (!this.saving && !this.scheduled) this.schedule();
      await (this.saving ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.lock?.release();
  }

  private schedule(): void {
    if (this.scheduled || this.saving) return;
    this.scheduled = true;
    // One macrotask of delay lets a synchronous burst of updates land in the same save.
    setImmediate(() => {
      this.scheduled = false;
      this.saving = this.save().finally(() => {
        this.saving = undefined;
        if (this.waiting.length > 0) this.schedule();
      });
    });
  }

  private async save(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    let writes: Promise<void>[];
    try {
      // Both adapters serialize synchronously here, so the two files hold the same moment.
      writes = [this.taskList.write(), this.matrix.write()];
    } catch (error) {
      writes = [Promise.reject(error)];
    }
    const results = await Promise.allSettled(writes);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (!failed) {
      for (const update of batch) update.resolve();
      return;
    }
    for (const update of batch) update.reject(failed.reason);
    this.undoAndReplay();
  }

  /**
   * Memory goes back to the newest saved (or being saved) content and the updates still waiting are
   * applied again, so a change that threw, or a save that failed, leaves nothing unannounced in memory.
   * A waiting update that now throws is dropped and its caller told.
   */
  private undoAndReplay(): void {
    for (;;) {
      this.taskList.data = this.taskListFile.latest();
      this.matrix.data = this.matrixFile.latest();
      const failing = this.waiting.findIndex((update) => {
        try {
          update.mutate(this.draft());
          return false;
        } catch {
          return true;
        }
      });
      if (failing < 0) return;
      const [dropped] = this.waiting.splice(failing, 1);
      dropped!.reject(new StateStoreError("this update no longer applies after an earlier one was undone; retry it", "io"));
    }
  }
}

/**
 * Opens the state folder. With `write`, takes the folder's one-writer lock (a second writer gets a
 * StateStoreError naming the holder) and creates the folder; without it, nothing on disk is touched.
 */
export async function openStateStore(stateDir: string, options: OpenStateStoreOptions): Promise<StateStore> {
  const onNotice = options.onNotice ?? (() => undefined);
  let lock: StateLock | undefined;
  if (options.write) {
    mkdirSync(stateDir, { recursive: true });
    lock = acquireStateLock(stateDir);
  }
  try {
    const common = { write: options.write, onNotice, files: options.files };
    const taskListFile = new StateFile<TaskListFile>({
      ...common,
      path: join(stateDir, TASK_LIST_FILE),
      kind: "taskList",
      schema: taskListFileSchema,
      serializer: new StateSerializer(TASK_LIST_FILE, STATE_SCHEMA_VERSION, { requirements: requirementSchema, tasks: taskSchema }),
      empty: () => ({ schemaVersion: STATE_SCHEMA_VERSION, requirements: [], tasks: [] }),
    });
    const matrixFile = new StateFile<TraceabilityMatrixFile>({
      ...common,
      path: join(stateDir, MATRIX_FILE),
      kind: "matrix",
      schema: traceabilityMatrixFileSchema,
      serializer: new StateSerializer(MATRIX_FILE, STATE_SCHEMA_VERSION, { requirements: traceRowSchema }),
      empty: () => ({ schemaVersion: STATE_SCHEMA_VERSION, requirements: [] }),
    });
    const taskList = new Low(taskListFile, await taskListFile.read());
    const matrix = new Low(matrixFile, await matrixFile.read());
    return new LowStateStore(stateDir, taskList, matrix, options.write, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}
