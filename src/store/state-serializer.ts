import type { z } from "zod";
import { StateStoreError } from "./state-errors.js";

/**
 * Turns a state file into text, one array element per line, checking each element against its zod
 * schema. An element whose text is the same as at the same place last time was already checked, so a
 * save after a small change only validates what changed: with 10,000 tasks, validating everything would
 * cost more than the fsync.
 */
export class StateSerializer {
  private checked = new Map<string, string[]>();

  constructor(
    private readonly fileName: string,
    private readonly schemaVersion: number,
    private readonly collections: Record<string, z.ZodType>,
  ) {}

  serialize(data: Record<string, unknown>): string {
    if (data.schemaVersion !== this.schemaVersion) {
      throw new StateStoreError(`refusing to save ${this.fileName}: schemaVersion must be ${this.schemaVersion}`, "corrupt");
    }
    const parts = [`{"schemaVersion":${this.schemaVersion}`];
    const nextChecked = new Map<string, string[]>();
    for (const [key, schema] of Object.entries(this.collections)) {
      const items = data[key];
      if (!Array.isArray(items)) throw new StateStoreError(`refusing to save ${this.fileName}: ${key} must be a list`, "corrupt");
      const before = this.checked.get(key) ?? [];
      const lines = items.map((item: unknown, index) => {
        const line = JSON.stringify(item);
        if (line !== before[index]) this.check(schema, item, `${key}[${index}]`);
        return line;
      });
      nextChecked.set(key, lines);
      parts.push(`,\n${JSON.stringify(key)}:[` + (lines.length ? `\n${lines.join(",\n")}\n` : "") + "]");
    }
    this.checked = nextChecked;
    return parts.join("") + "}\n";
  }

  private check(schema: z.ZodType, item: unknown, where: string): void {
    const result = schema.safeParse(item);
    if (result.success) return;
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") : "";
    throw new StateStoreError(`refusing to save ${this.fileName}: ${where}${path}: ${issue?.message ?? "does not match the schema"}`, "corrupt");
  }
}
