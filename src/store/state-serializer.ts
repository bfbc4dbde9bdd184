import type { z } from "zod";
import { ChangeTracker } from "./change-tracking-draft.js";
import { StateStoreError } from "./state-errors.js";

interface CollectionText {
  lines: string[];
  text: string;
}

/**
 * Turns a state file into text, one array element per line, checking each element against its zod
 * schema. Each element's checked line is kept with the element object; a save re-serializes and
 * re-validates only elements that are new or were changed through a draft (see ChangeTracker), and
 * rebuilds only the collections whose lines changed. With 10,000 tasks, serializing and validating
 * everything would cost several times the fsync.
 *
 * The cache is sound because the state is changed only through drafts: an object taken from
 * snapshot() and changed directly would keep its old line.
 */
export class StateSerializer {
  private readonly tracker: ChangeTracker;
  private readonly lineOf = new WeakMap<object, string>();
  private previous = new Map<string, CollectionText>();
  private previousText: string | undefined;

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

  /** Remembers the lines of data that was just read and validated whole, so the first save checks only what changed. */
  prime(data: Record<string, unknown>): void {
    const next = new Map<string, CollectionText>();
    for (const key of Object.keys(this.collections)) {
      const items = data[key];
      if (!Array.isArray(items)) return;
      const lines = items.map((item: unknown) => {
        const line = JSON.stringify(item);
        if (typeof item === "object" && item !== null) this.lineOf.set(item, line);
        return line;
      });
      next.set(key, { lines, text: joinCollection(key, lines) });
    }
    this.previous = next;
    this.previousText = this.assemble(next);
  }

  serialize(data: Record<string, unknown>): string {
    if (data.schemaVersion !== this.schemaVersion) {
      throw new StateStoreError(`refusing to save ${this.fileName}: schemaVersion must be ${this.schemaVersion}`, "corrupt");
    }
    const next = new Map<string, CollectionText>();
    let changed = this.previousText === undefined;
    for (const [key, schema] of Object.entries(this.collections)) {
      const items = data[key];
      if (!Array.isArray(items)) throw new StateStoreError(`refusing to save ${this.fileName}: ${key} must be a list`, "corrupt");
      const before = this.previous.get(key);
      let same = before !== undefined && before.lines.length === items.length;
      const lines = new Array<string>(items.length);
      for (let index = 0; index < items.length; index++) {
        const line = this.checkedLine(items[index], schema, key, index);
        if (same && line !== before!.lines[index]) same = false;
        lines[index] = line;
      }
      next.set(key, same ? before! : { lines, text: joinCollection(key, lines) });
      if (!same) changed = true;
    }
    if (!changed) return this.previousText!;
    this.previous = next;
    this.previousText = this.assemble(next);
    return this.previousText;
  }

  private assemble(collections: Map<string, CollectionText>): string {
    return `{"schemaVersion":${this.schemaVersion}${[...collections.values()].map((collection) => collection.text).join("")}}\n`;
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

function joinCollection(key: string, lines: string[]): string {
  return `,\n${JSON.stringify(key)}:[` + (lines.length ? `\n${lines.join(",\n")}\n` : "") + "]";
}
