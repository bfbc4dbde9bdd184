import { load, CORE_SCHEMA, YAMLException } from "js-yaml";
import type { Diagnostic } from "../domain/agent-definition.js";
import { copyFrontmatterValue, FrontmatterTooLarge } from "./frontmatter-value.js";
import { readFrontmatterLeniently } from "./lenient-frontmatter.js";

export interface ParsedFrontmatter {
  /** null when the frontmatter could not be used at all (see errors). */
  data: Record<string, unknown> | null;
  /** File line of each top-level key, for diagnostics. */
  keyLines: Map<string, number>;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

const TOP_LEVEL_KEY = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:][^:]*?))[ \t]*:(?:[ \t]|$)/;

function keyLinesOf(yaml: string, firstLine: number): Map<string, number> {
  const lines = new Map<string, number>();
  yaml.split("\n").forEach((line, index) => {
    const match = TOP_LEVEL_KEY.exec(line);
    const key = match && (match[1] ?? match[2] ?? match[3]);
    if (key && !lines.has(key)) lines.set(key, firstLine + index);
  });
  return lines;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "nothing";
  return `a ${typeof value}`;
}

/**
 * Parses frontmatter as YAML with the core schema: no custom tags, so no code runs, and no timestamp
 * coercion. When strict YAML fails, it falls back to the lenient key-by-key reader with a warning.
 * `firstLine` is the file line of the YAML's first line, so every diagnostic carries a file line.
 */
export function parseFrontmatter(yaml: string, firstLine: number): ParsedFrontmatter {
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const keyLines = keyLinesOf(yaml, firstLine);
  let parsed: unknown;
  try {
    parsed = load(yaml, { schema: CORE_SCHEMA });
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    const reason = error instanceof YAMLException ? error.reason : (error as Error).message;
    const line = mark ? firstLine + mark.line : firstLine;
    const entries = readFrontmatterLeniently(yaml);
    const asText = entries.filter((entry) => entry.asText).map((entry) => entry.key);
    warnings.push({
      line,
      message: `frontmatter is not valid YAML (${reason}); read it key by key as Claude Code and opencode do${asText.length ? `, taking ${asText.join(", ")} as plain text` : ""}`,
    });
    parsed = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
    for (const entry of entries) keyLines.set(entry.key, firstLine + entry.lineIndex);
  }
  if (parsed === null || parsed === undefined) return { data: {}, keyLines, warnings, errors };
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    errors.push({ line: firstLine, message: `frontmatter: expected 'key: value' lines, got ${describe(parsed)}` });
    return { data: null, keyLines, warnings, errors };
  }
  const dropped: string[] = [];
  try {
    const data = copyFrontmatterValue(parsed, dropped) as Record<string, unknown>;
    for (const key of dropped) {
      warnings.push({ line: keyLines.get(key.split(".")[0]!) ?? firstLine, message: `${key}: this key name is not allowed in agent files; dropped` });
    }
    return { data, keyLines, warnings, errors };
  } catch (error) {
    if (!(error instanceof FrontmatterTooLarge)) throw error;
    errors.push({ line: firstLine, message: error.message });
    return { data: null, keyLines, warnings, errors };
  }
}
