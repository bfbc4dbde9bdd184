import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { RunEvent } from "../domain/events.js";
import type { Requirement } from "../domain/requirement.js";
import type { Task } from "../domain/task.js";
import type { TraceRow } from "../domain/traceability.js";

/** One run's events, as its JSONL log holds them. */
export interface RunRecord {
  id: string;
  events: readonly RunEvent[];
}

/** Everything the report shows: the store's state, the run logs, and each requirement's change. */
export interface ReportInput {
  project: string;
  generatedAt: string;
  requirements: readonly DeepReadonly<Requirement>[];
  tasks: readonly DeepReadonly<Task>[];
  rows: readonly DeepReadonly<TraceRow>[];
  runs: readonly RunRecord[];
  /** Requirement id -> unified diff of its change (absent: it never started, or no diff could be taken). */
  diffs: ReadonlyMap<string, string>;
}
