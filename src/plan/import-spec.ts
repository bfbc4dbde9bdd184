import type { Requirement } from "../domain/requirement.js";
import { checkDependencies, type DependencyReference } from "./check-dependencies.js";
import { dependsOnLine } from "./depends-on-line.js";
import { SpecError } from "./spec-error.js";

/**
 * A requirement starts on a heading or a list item whose first word is an id: `## REQ-001: Title`,
 * `- REQ-002 — Title`, `1. FR-003. Title`, `- [ ] **US-4** Title`. Ids are capital letters, then groups
 * joined by dashes ending in digits (REQ-001, FR-12, US-1, API-AUTH-3).
 */
const HEADING = /^(#{1,6})\s+(.*)$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;
const LEADING_ID = /^(\*\*|__|`)?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+)(\*\*|__|`)?(\s*[:.)\]—–-]*\s*)(.*)$/;
const FENCE = /^\s*(```|~~~)/;

interface Start {
  id: string;
  title: string;
  line: number;
  /** Heading level, or 7 for a list item, so any heading ends a list item's description. */
  level: number;
}

function startOf(text: string, line: number): Start | undefined {
  const heading = HEADING.exec(text);
  const body = heading ? heading[2]! : LIST_ITEM.exec(text)?.[1];
  if (body === undefined) return undefined;
  const match = LEADING_ID.exec(body.trim());
  if (!match) return undefined;
  const [, open, id, close, separator, rest] = match as unknown as [string, string | undefined, string, string | undefined, string, string];
  // "## UTF-8 handling" is prose, not an id: a bare id needs punctuation after it, or nothing at all.
  const marked = open !== undefined && open === close;
  if (rest !== "" && !marked && !/[:.)\]—–-]/.test(separator)) return undefined;
  if (separator === "" && rest !== "") return undefined;
  const title = rest.replace(/\s+#+\s*$/, "").replace(/^(\*\*|__)(.*)\1$/, "$2").trim();
  return { id, title, line, level: heading ? heading[1]!.length : 7 };
}

function endsDescription(text: string, current: Start): boolean {
  const heading = HEADING.exec(text);
  return heading !== null && heading[1]!.length <= current.level;
}

function trimBlankLines(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

/**
 * Reads requirements from a Markdown spec: each id line starts one, and the text until the next id (or
 * a heading at the same or a higher level) is its description. Ids inside fenced code are ignored.
 * `Depends on: REQ-001` lines in a description (outside fenced code) become its `dependsOn`; the line
 * stays in the description too.
 * Throws a SpecError when no id is found, an id appears twice (naming both lines), or a dependency is
 * on an unknown id, on itself or around a cycle.
 */
export function parseSpec(text: string, file: string): { requirements: Requirement[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const requirements: Requirement[] = [];
  const firstLine = new Map<string, number>();
  const references: DependencyReference[] = [];
  let current: (Start & { body: string[]; dependsOn: string[] }) | undefined;
  let inFence = false;

  const finish = () => {
    if (!current) return;
    requirements.push({
      id: current.id,
      title: current.title,
      description: trimBlankLines(current.body),
      source: { file, line: current.line },
      ...(current.dependsOn.length > 0 ? { dependsOn: current.dependsOn } : {}),
    });
    current = undefined;
  };

  lines.forEach((text, index) => {
    const line = index + 1;
    if (FENCE.test(text)) inFence = !inFence;
    const start = inFence ? undefined : startOf(text, line);
    if (start) {
      const earlier = firstLine.get(start.id);
      if (earlier !== undefined) throw new SpecError(`duplicate requirement id ${start.id} (first at line ${earlier})`, file, line);
      firstLine.set(start.id, line);
      finish();
      current = { ...start, body: [], dependsOn: [] };
      return;
    }
    if (!current) return;
    if (!inFence && endsDescription(text, current)) {
      finish();
      return;
    }
    current.body.push(text);
    const dependsOn = inFence || FENCE.test(text) ? undefined : dependsOnLine(text, file, line);
    for (const on of dependsOn ?? []) {
      references.push({ from: current.id, on, line });
      if (!current.dependsOn.includes(on)) current.dependsOn.push(on);
    }
  });
  finish();

  if (requirements.length === 0) {
    throw new SpecError("no requirement ids found; expected headings or list items like '## REQ-001: Title' or '- FR-002 — Title'", file);
  }
  checkDependencies(requirements.map((requirement) => requirement.id), references, file);
  return { requirements };
}
