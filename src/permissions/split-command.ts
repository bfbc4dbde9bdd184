/**
 * What a shell line runs, read conservatively: each simple command of a compound line (`&&`, `||`, `;`,
 * `|`, `&`, newlines), of subshells, `$(...)`, backticks, process substitutions and `sh -c '...'`, with
 * the forms a rule could miss added as more parts (`/bin/rm` also as `rm`, `env X=1 rm` also as `rm`).
 * Where the line cannot be read with certainty, `doubt` says why, and the caller applies the most
 * restrictive rule there is.
 */
export interface SplitCommand {
  parts: string[];
  doubt?: string;
}

const MAX_DEPTH = 8;
const SEPARATORS = ["&&", "||", ";;", "|&", ";", "|", "&", "\n"];
const LEADING_KEYWORDS = new Set(["!", "{", "(", "then", "do", "else", "elif", "if", "while", "until"]);
const CLOSING_KEYWORDS = new Set(["fi", "done", "esac", "}", ")"]);
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "busybox"]);
const OPAQUE = new Set(["eval", "xargs", "source", ".", "parallel", "case", "coproc", "trap"]);
const FIND_RUNS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

class Doubt extends Error {}

interface Scan {
  parts: string[];
  doubt?: string;
  depth: number;
}

/** The index of the `)` closing the `(` at `open`, skipping quoted text; -1 when there is none. */
function closingParen(line: string, open: number): number {
  let depth = 0;
  for (let index = open; index < line.length; index++) {
    const char = line[index];
    if (char === "\\") index++;
    else if (char === "'") {
      index = line.indexOf("'", index + 1);
      if (index < 0) return -1;
    } else if (char === '"' || char === "`") {
      const close = closingQuote(line, index);
      if (close < 0) return -1;
      index = close;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return index;
  }
  return -1;
}

/** The index of the quote closing the `"` or backtick at `open`, honouring backslashes; -1 when none. */
function closingQuote(line: string, open: number): number {
  const quote = line[open];
  for (let index = open + 1; index < line.length; index++) {
    if (line[index] === "\\") index++;
    else if (line[index] === quote) return index;
    else if (quote === '"' && line[index] === "$" && line[index + 1] === "(") {
      const close = closingParen(line, index + 1);
      if (close < 0) return -1;
      index = close;
    }
  }
  return -1;
}

function nested(scan: Scan, text: string): void {
  if (scan.depth >= MAX_DEPTH) throw new Doubt("commands nested too deeply to follow");
  scanLine(text, { ...scan, depth: scan.depth + 1 }, scan.parts);
}

/** Reads a double-quoted string starting at `open`; substitutions inside it are scanned as commands. */
function doubleQuoted(line: string, open: number, scan: Scan): { end: number; text: string } {
  const end = closingQuote(line, open);
  if (end < 0) throw new Doubt("a quote that is never closed");
  let text = "";
  for (let index = open + 1; index < end; index++) {
    const char = line[index]!;
    if (char === "\\" && index + 1 < end) text += line[++index];
    else if (char === "$" && line[index + 1] === "(") {
      const close = closingParen(line, index + 1);
      nested(scan, line.slice(index + 2, close));
      text += line.slice(index, close + 1);
      index = close;
    } else if (char === "`") {
      const close = closingQuote(line, index);
      if (close < 0 || close > end) throw new Doubt("a backtick that is never closed");
      nested(scan, line.slice(index + 1, close));
      text += line.slice(index, close + 1);
      index = close;
    } else text += char;
  }
  return { end, text };
}

function separatorAt(line: string, index: number): string | undefined {
  return SEPARATORS.find((separator) => line.startsWith(separator, index));
}

function scanLine(line: string, scan: Scan, out: string[]): void {
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    addCommand(words, scan, out);
    words = [];
  };
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    const next = line[index + 1];
    const separator = separatorAt(line, index);
    if (separator && !(separator === "&" && (line[index - 1] === ">" || line[index - 1] === "<" || next === ">"))) {
      endCommand();
      index += separator.length - 1;
    } else if (char === "\\") {
      if (next !== "\n") word += next ?? "";
      inWord = inWord || next !== "\n";
      index++;
    } else if (char === "'") {
      const close = line.indexOf("'", index + 1);
      if (close < 0) throw new Doubt("a quote that is never closed");
      word += line.slice(index + 1, close);
      inWord = true;
      index = close;
    } else if (char === '"') {
      const quoted = doubleQuoted(line, index, scan);
      word += quoted.text;
      inWord = true;
      index = quoted.end;
    } else if (char === "`") {
      const close = closingQuote(line, index);
      if (close < 0) throw new Doubt("a backtick that is never closed");
      nested(scan, line.slice(index + 1, close));
      word += line.slice(index, close + 1);
      inWord = true;
      index = close;
    } else if ((char === "$" || char === "<" || char === ">") && next === "(") {
      const close = closingParen(line, index + 1);
      if (close < 0) throw new Doubt("a parenthesis that is never closed");
      if (char !== "$" || line[index + 2] !== "(") nested(scan, line.slice(index + 2, close));
      word += line.slice(index, close + 1);
      inWord = true;
      index = close;
    } else if (char === "(" && !inWord && words.length === 0) {
      const close = closingParen(line, index);
      if (close < 0) throw new Doubt("a parenthesis that is never closed");
      nested(scan, line.slice(index + 1, close));
      index = close;
    } else if (char === "<" && next === "<" && line[index + 2] !== "<") {
      throw new Doubt("a here-document");
    } else if (char === "#" && !inWord) {
      const newline = line.indexOf("\n", index);
      index = newline < 0 ? line.length : newline - 1;
    } else if (/\s/.test(char)) endWord();
    else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The command a wrapper (`env`, `nohup`, `timeout 5`, `sudo`) runs, or null when it wraps none. */
function unwrapped(words: string[]): string[] | null {
  const [first, ...rest] = words;
  const skipOptions = (from: string[], thenSkip = 0) => {
    let index = 0;
    while (index < from.length && (from[index]!.startsWith("-") || ASSIGNMENT.test(from[index]!))) index++;
    return from.slice(index + thenSkip);
  };
  switch (first) {
    case "env":
    case "command":
    case "builtin":
    case "exec":
    case "nohup":
    case "time":
    case "stdbuf":
    case "setsid":
      return skipOptions(rest);
    case "nice":
      return rest[0] === "-n" ? skipOptions(rest.slice(2)) : skipOptions(rest);
    case "timeout":
      return skipOptions(rest, 1);
    case "sudo":
    case "doas":
      if (rest[0]?.startsWith("-")) throw new Doubt(`${first} with options`);
      return skipOptions(rest);
    default:
      return null;
  }
}

function addCommand(written: string[], scan: Scan, out: string[]): void {
  let words = written;
  while (words.length > 0 && (LEADING_KEYWORDS.has(words[0]!) || ASSIGNMENT.test(words[0]!))) words = words.slice(1);
  if (words.length === 0 || (words.length === 1 && CLOSING_KEYWORDS.has(words[0]!))) return;
  out.push(words.join(" "));
  const program = words[0]!.includes("/") ? words[0]!.slice(words[0]!.lastIndexOf("/") + 1) : words[0]!;
  if (program !== words[0]) addCommand([program, ...words.slice(1)], scan, out);
  else if (OPAQUE.has(program)) throw new Doubt(`'${program}' runs commands greenlight cannot see`);
  else if (program === "find" && words.some((word) => FIND_RUNS.has(word))) throw new Doubt("'find' with -exec runs commands greenlight cannot see");
  else if (SHELLS.has(program)) {
    const flag = words.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word));
    if (flag > 0 && words[flag + 1] !== undefined) nested(scan, words[flag + 1]!);
  } else {
    const inner = unwrapped(words);
    if (inner && inner.length > 0) addCommand(inner, scan, out);
  }
}

/** Splits a shell line into the commands it runs; never throws. */
export function splitCommand(line: string): SplitCommand {
  const scan: Scan = { parts: [], depth: 0 };
  try {
    scanLine(line, scan, scan.parts);
    return { parts: scan.parts };
  } catch (error) {
    if (!(error instanceof Doubt)) throw error;
    return { parts: scan.parts.length > 0 ? scan.parts : [line.trim()], doubt: error.message };
  }
}
