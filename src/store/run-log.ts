import { closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { runEventSchema, type RunEvent } from "../domain/events.js";
import { StateStoreError } from "./state-errors.js";

export interface RunLog {
  readonly path: string;
  append(event: RunEvent): void;
  close(): Promise<void>;
}

const SAFE_RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const APPEND_ONLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW;

/**
 * The append-only event log of one run, `<state>/runs/<runId>.jsonl`. Each event is one line written
 * with a single write(2) in append mode, so a crash can cut at most the last line short.
 */
export function openRunLog(stateDir: string, runId: string): RunLog {
  if (!SAFE_RUN_ID.test(runId)) throw new StateStoreError(`run id '${runId}' may use only letters, digits, '.', '_' and '-'`, "io");
  const folder = join(stateDir, "runs");
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${runId}.jsonl`);
  let fd: number | undefined;
  try {
    fd = openSync(path, APPEND_ONLY, 0o600);
  } catch (error) {
    throw new StateStoreError(`cannot open the run log ${path}: ${(error as Error).message}`, "io");
  }
  return {
    path,
    append(event) {
      if (fd === undefined) throw new StateStoreError(`the run log ${path} is closed`, "io");
      writeSync(fd, JSON.stringify(event) + "\n");
    },
    async close() {
      if (fd === undefined) return;
      const closing = fd;
      fd = undefined;
      fsyncSync(closing);
      closeSync(closing);
    },
  };
}

/** Every event of a run log; a torn last line (a crash mid-write) is skipped, a bad line elsewhere is an error. */
export function readRunLog(path: string): RunEvent[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new StateStoreError(`cannot read the run log ${path}: ${(error as Error).message}`, "io");
  }
  const lines = text.split("\n");
  const events: RunEvent[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    const isLast = index === lines.length - 1;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      if (isLast) break;
      throw new StateStoreError(`${path}:${index + 1}: not a JSON event line`, "corrupt");
    }
    const checked = runEventSchema.safeParse(raw);
    if (!checked.success) {
      if (isLast) break;
      const issue = checked.error.issues[0];
      throw new StateStoreError(`${path}:${index + 1}: not a valid event (${issue ? `${issue.path.join(".")}: ${issue.message}` : "schema"})`, "corrupt");
    }
    events.push(checked.data as RunEvent);
  }
  return events;
}
