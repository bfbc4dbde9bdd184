import { SpecError } from "./spec-error.js";

/**
 * `Depends on: REQ-001`, `- Depends on REQ-001 and REQ-002`, `**Depends on:** REQ-001, REQ-002`,
 * `> _depends on_: REQ-001`: the keyword opens the line (after a quote, list marker or emphasis) in any
 * case, with or without a colon. Only the opening of a line counts, so prose ("it depends on REQ-001
 * being fast") in the middle of a sentence is never read as a dependency.
 */
const KEYWORD = /^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(\*\*|__|\*|_)?depends\s+on\b[ \t]*(:?)[ \t]*(?:\1)?[ \t]*(:?)(.*)$/i;

/** Ids as the spec's headings write them (REQ-001, FR-12, API-AUTH-3), optionally in backticks or emphasis. */
const ID = "[`*_]*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\\d+)[`*_]*";
/** Between ids: a comma, semicolon or ampersand (with an optional "and" after it), "and", or spaces. */
const SEPARATOR = "(?:\\s*[,;&]\\s*(?:and\\s+)?|\\s+and\\s+|\\s+)";
const ID_LIST = new RegExp(`^${ID}(?:${SEPARATOR}${ID})*`);
const EACH_ID = new RegExp(ID, "g");
/** `Depends on: none` says so explicitly: no dependency, not a mistake. */
const NOTHING = /^[`*_]*(?:none|nothing|n\/a|-|—)[`*_]*\.?$/i;

/**
 * The requirement ids a description line depends on, in the order written; undefined when the line is
 * not a dependency line. A line with a colon is a declaration, so one that names no id is refused rather
 * than silently read as "no dependencies"; without a colon it may be prose ("Depends on the network").
 */
export function dependsOnLine(text: string, file: string, line: number): string[] | undefined {
  const match = KEYWORD.exec(text);
  if (!match) return undefined;
  const declared = match[2] === ":" || match[3] === ":";
  const rest = match[4]!.trim();
  const list = ID_LIST.exec(rest);
  if (list) return [...list[0].matchAll(EACH_ID)].map((found) => found[1]!);
  if (!declared || NOTHING.test(rest)) return undefined;
  throw new SpecError(`'Depends on:' names no requirement id (expected e.g. 'Depends on: REQ-001, REQ-002'): ${rest || "(empty)"}`, file, line);
}
