import { MAX_FRONTMATTER_VALUES } from "./limits.js";

/** Keys that would reach an object's prototype if a consumer copied the frontmatter carelessly. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 64;

export class FrontmatterTooLarge extends Error {}

/**
 * A deep copy of parsed YAML that is safe to hand on: prototype-reaching keys are dropped (and named in
 * `dropped`), and the copy stops with FrontmatterTooLarge once it has visited more values than any real
 * agent file has, so an alias bomb is rejected instead of expanding when someone serialises it.
 */
export function copyFrontmatterValue(value: unknown, dropped: string[]): unknown {
  let visited = 0;
  const copy = (node: unknown, depth: number, path: string): unknown => {
    if (++visited > MAX_FRONTMATTER_VALUES) {
      throw new FrontmatterTooLarge(`frontmatter expands to more than ${MAX_FRONTMATTER_VALUES} values (YAML aliases repeated?): refused`);
    }
    if (depth > MAX_DEPTH) throw new FrontmatterTooLarge(`frontmatter is nested more than ${MAX_DEPTH} levels deep: refused`);
    if (Array.isArray(node)) return node.map((item, index) => copy(item, depth + 1, `${path}[${index}]`));
    if (node !== null && typeof node === "object") {
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(node)) {
        const where = path ? `${path}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key)) {
          dropped.push(where);
          continue;
        }
        result[key] = copy((node as Record<string, unknown>)[key], depth + 1, where);
      }
      return result;
    }
    return node;
  };
  return copy(value, 0, "");
}
