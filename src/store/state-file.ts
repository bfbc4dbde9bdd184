import { constants, promises as fsp } from "node:fs";
import { basename } from "node:path";
import type { Adapter } from "lowdb";
import type { z } from "zod";
import { writeFileDurably, realFileLayer, type FileLayer } from "./durable-file.js";
import { migrateStateFile, type StateFileKind } from "./migrations.js";
import { StateStoreError } from "./state-errors.js";
import type { SerializedState, StateSerializer } from "./state-serializer.js";

export interface StateFileOptions<T> {
  path: string;
  kind: StateFileKind;
  /** Checks whole files on read. */
  schema: z.ZodType<T>;
  /** Checks what changed on write. */
  serializer: StateSerializer;
  empty: () => T;
  /** Read-only opens never move, restore or rewrite anything on disk. */
  write: boolean;
  onNotice: (message: string) => void;
  files?: FileLayer;
}

type Loaded<T> = { ok: true; value: T; text: string; migrated: boolean } | { ok: false; reason: string } | { ok: "missing" };

function lineOfPosition(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const line = text.slice(0, Number(at[1])).split("\n").length;
  return `line ${line}: ${message}`;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "does not match the schema";
  const where = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
  return `${where || "top level"}: ${issue.message}`;
}

function timeStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

/**
 * One lowdb adapter per state file. Reads parse, migrate and validate (a bad file is recovered from the
 * last good backup, never replaced by an empty state); writes validate, then go through
 * writeFileDurably, keeping the previous version as `<name>.bak`.
 */
export class StateFile<T> implements Adapter<T> {
  readonly backupPath: string;
  /** What the file holds: the text read, or the serializer's output for it (identical output means nothing to write). */
  private lastContent: string | SerializedState | undefined;
  private savingContent: SerializedState | undefined;

  constructor(private readonly options: StateFileOptions<T>) {
    this.backupPath = `${options.path}.bak`;
  }

  get path(): string {
    return this.options.path;
  }

  /**
   * With `write`, the serializer is primed with what was read (validated whole), so the first save
   * checks only what changed.
   */
  async read(): Promise<T> {
    const value = await this.readValidated();
    if (this.options.write) {
      const primed = this.options.serializer.prime(value as Record<string, unknown>);
      if (this.lastContent !== undefined) this.lastContent = primed;
    }
    return value;
  }

  /** A change-tracking draft of `data`: only changes made through it are sure to be saved. */
  draft(data: T): T {
    return this.options.serializer.draft(data as T & object);
  }

  private async readValidated(): Promise<T> {
    const { path, write, onNotice } = this.options;
    const main = await this.load(path);
    if (main.ok === true) {
      this.lastContent = main.text;
      if (main.migrated && write) {
        await this.write(main.value);
        onNotice(`${basename(path)}: migrated to the current schema (the old file is kept as ${basename(this.backupPath)})`);
      }
      return main.value;
    }
    const backup = await this.load(this.backupPath);
    if (main.ok === "missing") {
      if (backup.ok !== true) return this.options.empty();
      if (write) await writeFileDurably(path, backup.text, { files: this.files });
      this.lastContent = write ? backup.text : undefined;
      onNotice(`${basename(path)} was missing; ${write ? "restored" : "using"} the last good backup ${basename(this.backupPath)}`);
      return backup.value;
    }
    const problem = `${path} is not valid (${main.reason})`;
    if (backup.ok !== true) {
      throw new StateStoreError(`${problem} and there is no good backup to restore; fix or move the file, then retry`, "corrupt");
    }
    if (!write) {
      onNotice(`${problem}; showing the last good backup ${basename(this.backupPath)} (a writing command will restore it)`);
      return backup.value;
    }
    const aside = `${path}.corrupt-${timeStamp()}`;
    await fsp.rename(path, aside);
    await writeFileDurably(path, backup.text, { files: this.files });
    this.lastContent = backup.text;
    onNotice(`${problem}; moved it to ${basename(aside)} and restored the last good backup`);
    return backup.value;
  }

  /**
   * Validates and serializes synchronously, before the first await, so what is saved is the data as it
   * was at the call, whatever changes follow while the disk works.
   */
  async write(data: T): Promise<void> {
    if (!this.options.write) throw new StateStoreError(`${this.options.path} was opened read-only`, "read_only");
    const content = this.options.serializer.serialize(data as Record<string, unknown>);
    if (content === (this.savingContent ?? this.lastContent)) return;
    this.savingContent = content;
    try {
      await writeFileDurably(this.options.path, content, { backupPath: this.backupPath, files: this.files });
      this.lastContent = content;
    } finally {
      if (this.savingContent === content) this.savingContent = undefined;
    }
  }

  /**
   * The newest content saved or being saved: what memory goes back to when an update is undone. It was
   * validated when it was read or saved, so the serializer is primed with it rather than checking every
   * item again on the next save.
   */
  latest(): T {
    const content = this.savingContent ?? this.lastContent;
    if (content === undefined) return this.options.empty();
    const value = JSON.parse(typeof content === "string" ? content : Buffer.concat(content).toString("utf8")) as T;
    if (this.options.write) {
      const primed = this.options.serializer.prime(value as Record<string, unknown>);
      if (this.savingContent === undefined) this.lastContent = primed;
    }
    return value;
  }

  private get files(): FileLayer {
    return this.options.files ?? realFileLayer;
  }

  private async load(path: string): Promise<Loaded<T>> {
    let text: string;
    try {
      const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        text = await handle.readFile("utf8");
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { ok: "missing" };
      if (code === "ELOOP") return { ok: false, reason: "it is a symbolic link, which greenlight never follows" };
      throw new StateStoreError(`cannot read ${path}: ${(error as Error).message}`, "io");
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `not JSON, ${lineOfPosition(text, (error as Error).message)}` };
    }
    const { value, migrated } = migrateStateFile(this.options.kind, raw, path);
    const checked = this.options.schema.safeParse(value);
    if (!checked.success) return { ok: false, reason: describeIssue(checked.error) };
    return { ok: true, value: checked.data, text, migrated };
  }
}
