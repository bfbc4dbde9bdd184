/** One line of a Markdown file, with its 1-based number and whether it is inside fenced code. */
export interface MarkdownLine {
  text: string;
  line: number;
  fenced: boolean;
}

const FENCE = /^\s*(```|~~~)/;

/** The file's lines; a fence's own lines count as fenced, so nothing inside or on one is read as structure. */
export function markdownLines(text: string): MarkdownLine[] {
  let fenced = false;
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((value, index) => {
      const isFence = FENCE.test(value);
      if (isFence) fenced = !fenced;
      return { text: value, line: index + 1, fenced: fenced || isFence };
    });
}

/** `## Title` -> { level: 2, title: "Title" }, for lines outside fenced code. */
export function headingOf(line: MarkdownLine): { level: number; title: string } | undefined {
  if (line.fenced) return undefined;
  const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line.text);
  return match ? { level: match[1]!.length, title: match[2]! } : undefined;
}

/** Text without Markdown emphasis markers (`**FR-001**` -> `FR-001`), trimmed. */
export function plain(text: string): string {
  return text.replace(/\*\*|__/g, "").replace(/(^|\s)[*_](\S[^*_]*?)[*_](?=\s|$|[.,:;])/g, "$1$2").trim();
}

/** Leading and trailing blank lines removed, the rest joined. */
export function trimBlank(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

/** The lines after `from` up to (not including) the next heading at `level` or higher. */
export function sectionBody(lines: readonly MarkdownLine[], from: number, level: number): MarkdownLine[] {
  const body: MarkdownLine[] = [];
  for (let index = from + 1; index < lines.length; index++) {
    const heading = headingOf(lines[index]!);
    if (heading && heading.level <= level) break;
    body.push(lines[index]!);
  }
  return body;
}

/** `[NEEDS CLARIFICATION: question]` markers in a text, their questions in order. */
export function clarificationsIn(text: string): string[] {
  return [...text.matchAll(/\[NEEDS CLARIFICATION:?\s*([^\]]*)\]/gi)].map((match) => match[1]!.trim() || "(no question given)");
}

/** A path segment made from a name: lower case, runs of other characters one dash ("User Login" -> "user-login"). */
export function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
