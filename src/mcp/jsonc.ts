/** Copies text outside JSON strings through `outside`, strings untouched. */
function mapOutsideStrings(text: string, outside: (text: string, at: number) => { out: string; next: number }): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, ++i);
    } else {
      const step = outside(text, i);
      out += step.out;
      i = step.next;
    }
  }
  return out;
}

function withoutComments(text: string, at: number): { out: string; next: number } {
  if (text.startsWith("//", at)) {
    const end = text.indexOf("\n", at);
    return { out: "", next: end === -1 ? text.length : end };
  }
  if (text.startsWith("/*", at)) {
    const end = text.indexOf("*/", at + 2);
    const next = end === -1 ? text.length : end + 2;
    return { out: text.slice(at, next).replace(/[^\n]/g, " "), next };
  }
  return { out: text[at]!, next: at + 1 };
}

function withoutTrailingCommas(text: string, at: number): { out: string; next: number } {
  if (text[at] === "," && /^\s*[}\]]/.test(text.slice(at + 1, at + 200))) return { out: "", next: at + 1 };
  return { out: text[at]!, next: at + 1 };
}

/**
 * JSON with comments and trailing commas (what VS Code and opencode accept in their config files)
 * turned into plain JSON, keeping line numbers.
 */
export function stripJsonComments(text: string): string {
  return mapOutsideStrings(mapOutsideStrings(text, withoutComments), withoutTrailingCommas);
}
