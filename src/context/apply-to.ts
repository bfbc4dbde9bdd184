import { parseFrontmatter } from "../agents/parse-frontmatter.js";
import { splitFrontmatter } from "../agents/split-frontmatter.js";

export interface ScopedInstructions {
  /** The globs of `applyTo`, empty when the file has none (Copilot then applies it only when attached by hand). */
  applyTo: string[];
  body: string;
}

/** Splits `a,b,{c,d}` at the commas outside braces: a glob's `{ts,tsx}` stays whole. */
function splitGlobs(value: string): string[] {
  const globs: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of value) {
    if (char === "{") depth++;
    if (char === "}") depth = Math.max(0, depth - 1);
    if (char === "," && depth === 0) {
      globs.push(current);
      current = "";
    } else current += char;
  }
  globs.push(current);
  return globs.map((glob) => glob.trim()).filter((glob) => glob !== "");
}

/** A Copilot `.instructions.md` file: its `applyTo` globs (a comma-separated string or a list) and its body. */
export function scopedInstructions(text: string): ScopedInstructions {
  const split = splitFrontmatter(text);
  if (split.kind !== "frontmatter") return { applyTo: [], body: text };
  const value = parseFrontmatter(split.yaml, split.yamlLine).data?.applyTo;
  const written = typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  return { applyTo: written.flatMap(splitGlobs), body: split.body.replace(/^\n+/, "") };
}
