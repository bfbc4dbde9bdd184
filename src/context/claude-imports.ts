const FENCE = /^\s*(```|~~~)/;
const INLINE_CODE = /`[^`]*`/g;
const IMPORT = /(?:^|(?<=\s))@([^\s`]+)/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>"']+$/;

/**
 * The `@path` imports of a CLAUDE.md, in order, as Claude Code reads them: an `@` at the start of a
 * word (so e-mail addresses are not imports), never inside a code block or an inline code span.
 */
export function claudeImports(text: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    for (const match of line.replace(INLINE_CODE, " ").matchAll(IMPORT)) {
      const path = match[1]!.replace(TRAILING_PUNCTUATION, "");
      if (path && !found.includes(path)) found.push(path);
    }
  }
  return found;
}
