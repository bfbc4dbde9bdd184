import ignore, { type Ignore } from "ignore";

/** The rules of one ignore file, read against paths relative to the folder it applies to. */
export interface IgnoreLevel {
  /** That folder, relative to the rules' root ("" for the root itself, "/" separators). */
  base: string;
  rules: Ignore;
}

/** Levels already built, by folder and text: the library remembers its verdicts, so a repeated search is cheap. */
const built = new Map<string, IgnoreLevel>();
const MAX_BUILT = 1_000;

export function ignoreLevel(base: string, text: string): IgnoreLevel {
  const key = `${base}\0${text}`;
  let level = built.get(key);
  if (!level) {
    if (built.size >= MAX_BUILT) built.clear();
    level = { base, rules: ignore({ allowRelativePaths: true }).add(text) };
    built.set(key, level);
  }
  return level;
}

/**
 * Whether git ignores a path (relative to the rules' root, "/" separators): the deepest ignore file
 * with a rule for it decides, as in git, so a nested `!pattern` re-includes what a parent excluded.
 */
export function isIgnored(levels: readonly IgnoreLevel[], path: string, isFolder: boolean): boolean {
  for (let index = levels.length - 1; index >= 0; index--) {
    const { base, rules } = levels[index]!;
    if (base !== "" && !path.startsWith(`${base}/`)) continue;
    const inside = base === "" ? path : path.slice(base.length + 1);
    const verdict = rules.test(isFolder ? `${inside}/` : inside);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
