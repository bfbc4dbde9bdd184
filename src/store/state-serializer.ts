import type { z } from "zod";
import { ChangeTracker } from "./change-tracking-draft.js";
import { StateStoreError } from "./state-errors.js";

/** A serialized state file as the byte chunks to write in order; the same object is returned while nothing changed. */
export type SerializedState = readonly Buffer[];

/** Lines per cached block: small enough that re-encoding one after a change is cheap, few enough to write with one writev. */
const BLOCK_LINES = 256;

interface Block {
  lines: string[];
  bytes: Buffer;
}

/**
 * Turns a state file into text, one array element per line, checking each element against its zod
 * schema. Each element's checked line is kept with the element object; a save re-serializes and
 * re-validates only elements that are new or were changed through a draft (see ChangeTracker), and
 * re-encodes only the blocks of lines that changed. With 10,000 tasks, serializing, validating and
 * encoding everything would cost several times the fsync.
 *
 * The cache is sound because the state is changed only through drafts: an object taken from
 * snapshot() and changed directly would keep its old line.
 */
export class StateSerializer {
  private readonly tracker: ChangeTracker;
  private readonly lineOf = new WeakMap<object, string>();
  private previous = new Map<string, Block[]>();
  private previousOutput: SerializedState | undefined;

  constructor(
    private readonly fileName: string,
    private readonly schemaVersion: number,
    private readonly collections: Record<string, z.ZodType>,
  ) {
    this.tracker = new ChangeTracker(Object.keys(collections));
  }

  /** A change-tracking draft of `data` for one update. */
  draft<T extends object>(data: T): T {
    return this.tracker.draft(data);
  }

  /**
   * Remembers the lines of data that was just read and validated whole, so the first save checks only
   * what changed. Returns the serialized form of that data.
   */
  prime(data: Record<string, unknown>): SerializedState {
    const next = new Map<string, Block[]>();
    for (const key of Object.keys(this.collections)) {
      const items: unknown[] = Array.isArray(data[key]) ? data[key] : [];
      const lines = items.map((item: unknown) => {
        const line = JSON.stringify(item);
        if (typeof item === "object" && item !== null) this.lineOf.set(item, line);
        return line;
      });
      const blocks: Block[] = [];
      for (let start = 0; start < lines.length; start += BLOCK_LINES) blocks.push(makeBlock(lines.slice(start, start + BLOCK_LINES), start > 0));
      next.set(key, blocks);
    }
    return this.remember(next);
  }

  serialize(data: Record<string, unknown>): SerializedState {
    if (data.schemaVersion !== this.schemaVersion) {
      throw new StateStoreError(`refusing to save ${this.fileName}: schemaVersion must be ${this.schemaVersion}`, "corrupt");
    }
    const next = new Map<string, Block[]>();
    let changed = this.previousOutput === undefined;
    for (const [key, schema] of Object.entries(this.collections)) {
      const items = data[key];
      if (!Array.isArray(items)) throw new StateStoreError(`refusing to save ${this.fileName}: ${key} must be a list`, "corrupt");
      const before = this.previous.get(key) ?? [];
      const blocks: Block[] = [];
      for (let start = 0; start < items.length; start += BLOCK_LINES) {
        const old = before[blocks.length];
        const lines = new Array<string>(Math.min(BLOCK_LINES, items.length - start));
        let same = old !== undefined && old.lines.length === lines.length;
        for (let offset = 0; offset < lines.length; offset++) {
          const line = this.checkedLine(items[start + offset], schema, key, start + offset);
          if (same && line !== old!.lines[offset]) same = false;
          lines[offset] = line;
        }
        blocks.push(same ? old! : makeBlock(lines, start > 0));
        if (!same) changed = true;
      }
      if (blocks.length !== before.length) changed = true;
      next.set(key, blocks);
    }
    return changed ? this.remember(next) : this.previousOutput!;
  }

  private remember(collections: Map<string, Block[]>): SerializedState {
    const chunks: Buffer[] = [Buffer.from(`{"schemaVersion":${this.schemaVersion}`)];
    for (const [key, blocks] of collections) {
      chunks.push(Buffer.from(`,\n${JSON.stringify(key)}:[${blocks.length ? "\n" : ""}`));
      for (const block of blocks) chunks.push(block.bytes);
      chunks.push(Buffer.from(blocks.length ? "\n]" : "]"));
    }
    chunks.push(Buffer.from("}\n"));
    this.previous = collections;
    this.previousOutput = Object.freeze(chunks);
    return this.previousOutput;
  }

  private checkedLine(item: unknown, schema: z.ZodType, key: string, index: number): string {
    const isObject = typeof item === "object" && item !== null;
    if (isObject && !this.tracker.isTouched(item)) {
      const cached = this.lineOf.get(item);
      if (cached !== undefined) return cached;
    }
    const line = JSON.stringify(item);
    this.check(schema, item, `${key}[${index}]`);
    if (isObject) {
      this.lineOf.set(item, line);
      this.tracker.forget(item);
    }
    return line;
  }

  private check(schema: z.ZodType, item: unknown, where: string): void {
    const result = schema.safeParse(item);
    if (result.success) return;
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") : "";
    throw new StateStoreError(`refusing to save ${this.fileName}: ${where}${path}: ${issue?.message ?? "does not match the schema"}`, "corrupt");
  }
}

/** A block after the first starts with the separator that follows the previous block's last line. */
function makeBlock(lines: string[], follows: boolean): Block {
  return { lines, bytes: Buffer.from((follows ? ",\n" : "") + lines.join(",\n")) };
}
