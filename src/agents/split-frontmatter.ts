import { MAX_FRONTMATTER_CHARS } from "./limits.js";

export type SplitResult =
  | { kind: "none" }
  | { kind: "error"; message: string; line: number }
  | {
      kind: "frontmatter";
      yaml: string;
      /** File line number of the first YAML line. */
      yamlLine: number;
      body: string;
      warning?: { message: string; line: number };
    };

const DELIMITER = /^---[ \t]*$/;
const CLOSER = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Finds the frontmatter block: line 1 is exactly `---` and the block ends at the next line that is
 * exactly `---` (or `...`), never at a `---` inside a line. A block indented or pushed down by blank
 * lines (as some generators write it) is recovered with a warning.
 */
export function splitFrontmatter(text: string): SplitResult {
  const lines = text.split("\n");
  let opener = 0;
  while (opener < lines.length && lines[opener]!.trim() === "") opener++;
  if (opener >= lines.length) return { kind: "none" };
  const indent = /^[ \t]*/.exec(lines[opener]!)![0].length;
  if (!DELIMITER.test(lines[opener]!.slice(indent))) return { kind: "none" };
  const shifted = opener > 0 || indent > 0;
  const dedent = (line: string) => (indent > 0 && /^[ \t]*$/.test(line.slice(0, indent)) ? line.slice(indent) : line);

  let size = 0;
  for (let index = opener + 1; index < lines.length; index++) {
    const line = dedent(lines[index]!);
    if (CLOSER.test(line)) {
      const yaml = lines.slice(opener + 1, index).map(dedent).join("\n");
      const bodyLines = lines.slice(index + 1);
      const body = (indent > 0 ? bodyLines.map(dedent) : bodyLines).join("\n");
      const result: SplitResult = { kind: "frontmatter", yaml, yamlLine: opener + 2, body };
      if (shifted) {
        result.warning = {
          message: `frontmatter starts on line ${opener + 1}${indent > 0 ? ` indented by ${indent}` : ""}: expected '---' at the start of line 1; read it anyway`,
          line: opener + 1,
        };
      }
      return result;
    }
    size += line.length + 1;
    if (size > MAX_FRONTMATTER_CHARS) {
      return { kind: "error", message: `frontmatter is longer than ${MAX_FRONTMATTER_CHARS / 1024} KB: agent frontmatter is limited to that size`, line: opener + 1 };
    }
  }
  return { kind: "error", message: "frontmatter is never closed: expected a line '---' after the opening '---'", line: opener + 1 };
}
