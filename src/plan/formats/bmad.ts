import type { Criterion, Requirement } from "../../domain/requirement.js";
import { SpecError } from "../spec-error.js";
import { clarificationsIn, headingOf, markdownLines, plain, sectionBody, trimBlank, type MarkdownLine } from "./markdown-lines.js";
import { requirementTitle } from "./naming.js";
import type { SpecFile, SpecFormat } from "./spec-format.js";

/**
 * BMAD-METHOD PRDs, epics and story files. A file with stories (`### Story 1.1: Title`, v4 and v6 epics;
 * `# Story 1.1: Title`, a story file) plans its stories, `STORY-1.1`, with their acceptance criteria
 * (`1: ...` / `1. ...` numbered, or `**Given** / **When** / **Then**` blocks); its FRs are then context.
 * A PRD without stories plans its FRs (v4 `- FR1: ...`, v6 `#### FR-1: Name` whose
 * `**Consequences (testable):**` bullets are criteria). Journeys (`UJ-1`) and metrics (`SM-1`) are context.
 */
const FR_ITEM = /^\s*[-*]\s+\**(N?FR-?\d+)\**\s*[:.]\**\s*(.*)$/;
const FR_HEADING = /^(N?FR-?\d+)\s*[:.\-–—]\s*(.*)$/;
const STORY = /^Story\s+(\d+)\.(\d+)\s*[:.\-–—]?\s*(.*)$/i;
const CONTEXT_ITEM = /^\s*[-*]\s+\*\*((?:UJ|SM)-\d+)[.:]?\s*(.*?)\*\*\s*[:.]?\s*(.*)$/;
const NUMBERED = /^\s*(\d+)\s*[:.)]\s+(.*)$/;
const GIVEN = /^\s*(?:[-*]\s+)?\*\*Given\*\*/i;

interface Found {
  id: string;
  title: string;
  text: string;
  line: number;
  criteria: Criterion[];
}

function criteriaIn(body: MarkdownLine[], file: string, owner: string): Criterion[] {
  const criteria: Criterion[] = [];
  let inCriteria = false;
  let given: { lines: string[]; line: number } | undefined;
  const closeGiven = () => {
    if (!given) return;
    const text = given.lines.join(" ");
    if (!/\bWhen\b/i.test(text) || !/\bThen\b/i.test(text)) throw new SpecError(`acceptance criterion of ${owner} lacks **When** or **Then** (expected '**Given** ... **When** ... **Then** ...')`, file, given.line);
    criteria.push({ id: String(criteria.length + 1), text, line: given.line });
    given = undefined;
  };
  for (const line of body) {
    if (line.fenced) continue;
    const heading = headingOf(line);
    const marker = heading ? heading.title : /^\s*\*\*([^*]+?):?\*\*:?\s*$/.exec(line.text)?.[1];
    if (marker !== undefined) {
      closeGiven();
      inCriteria = /Acceptance Criteria|Consequences/i.test(marker);
      continue;
    }
    if (!inCriteria) continue;
    if (GIVEN.test(line.text)) {
      closeGiven();
      given = { lines: [plain(line.text.replace(/^\s*[-*]\s+/, ""))], line: line.line };
      continue;
    }
    if (given && line.text.trim() !== "") {
      given.lines.push(plain(line.text.replace(/^\s*[-*]\s+/, "")));
      continue;
    }
    const numbered = NUMBERED.exec(line.text);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line.text);
    if (numbered) criteria.push({ id: numbered[1]!, text: plain(numbered[2]!), line: line.line });
    else if (bullet && !/^\[[ xX]\]/.test(bullet[1]!)) criteria.push({ id: String(criteria.length + 1), text: plain(bullet[1]!), line: line.line });
  }
  closeGiven();
  return criteria;
}

function stories(lines: MarkdownLine[], file: string): Found[] {
  const found: Found[] = [];
  lines.forEach((line, index) => {
    const heading = headingOf(line);
    const story = heading ? STORY.exec(plain(heading.title)) : null;
    if (!heading || !story) return;
    const id = `STORY-${story[1]}.${story[2]}`;
    const earlier = found.find((entry) => entry.id === id);
    if (earlier) throw new SpecError(`duplicate Story ${story[1]}.${story[2]} (first at line ${earlier.line})`, file, line.line);
    const body = heading.level === 1 ? lines.slice(index + 1) : sectionBody(lines, index, heading.level);
    const criteria = criteriaIn(body, file, `Story ${story[1]}.${story[2]}`);
    if (criteria.length === 0) throw new SpecError(`Story ${story[1]}.${story[2]} has no acceptance criteria (expected 'Acceptance Criteria' then numbered lines or **Given**/**When**/**Then**)`, file, line.line);
    const text = trimBlank(body.filter((entry) => !entry.fenced).map((entry) => entry.text));
    found.push({ id, title: plain(story[3]!) || id, text, line: line.line, criteria });
  });
  return found;
}

function functionalRequirements(lines: MarkdownLine[], file: string): Found[] {
  const found: Found[] = [];
  lines.forEach((line, index) => {
    if (line.fenced) return;
    const heading = headingOf(line);
    const fromHeading = heading ? FR_HEADING.exec(plain(heading.title)) : null;
    const fromItem = heading ? null : FR_ITEM.exec(line.text);
    const match = fromHeading ?? fromItem;
    if (!match) return;
    const id = match[1]!;
    const earlier = found.find((entry) => entry.id === id);
    if (earlier) throw new SpecError(`duplicate requirement id ${id} (first at line ${earlier.line})`, file, line.line);
    const body = heading ? sectionBody(lines, index, heading.level) : [];
    const text = heading ? trimBlank(body.map((entry) => entry.text)) : plain(match[2]!);
    const name = plain(match[2]!);
    if (name === "" && text === "") throw new SpecError(`${id} has no text (expected '- ${id}: The system shall ...' or '#### ${id}: Name')`, file, line.line);
    found.push({ id, title: name ? requirementTitle(name) : requirementTitle(text), text: text || name, line: line.line, criteria: heading ? criteriaIn(body, file, id) : [] });
  });
  return found;
}

function contextItems(lines: MarkdownLine[]): string[] {
  return lines.flatMap((line) => {
    const match = line.fenced ? null : CONTEXT_ITEM.exec(line.text);
    return match ? [`${match[1]}: ${[match[2], match[3]].map((part) => plain(part!)).filter(Boolean).join(": ")}`] : [];
  });
}

function asRequirement(found: Found, file: string, context: string[]): Requirement {
  const clarifications = clarificationsIn(found.text);
  return {
    id: found.id,
    title: found.title,
    description: found.text,
    source: { file, line: found.line },
    ...(found.criteria.length > 0 ? { criteria: found.criteria } : {}),
    ...(clarifications.length > 0 ? { clarifications } : {}),
    ...(context.length > 0 ? { context } : {}),
  };
}

export const bmadFormat: SpecFormat = {
  name: "bmad",
  // v4: docs/prd.md, docs/epics/*.md, docs/stories/1.1.story.md; v6: planning-artifacts/prd.md and epics.md,
  // implementation-artifacts/1-1-<slug>.md story files.
  ownsPath: (path) => /(^|\/)(prd|epics?)\.md$|(^|\/)(stories|epics)\/[^/]+\.md$|\.story\.md$|(^|\/)implementation-artifacts\/\d+-\d+-[^/]+\.md$/i.test(path),
  ownsShape: (text) => /^\s*[-*]\s+\**N?FR\d+\**:/m.test(text) || /^#{2,4}\s+FR-\d+:/m.test(text) || /^#{1,4}\s+Story\s+\d+\.\d+/m.test(text),
  read(file: SpecFile) {
    const lines = markdownLines(file.text);
    const storyList = stories(lines, file.path);
    const frs = functionalRequirements(lines, file.path);
    if (storyList.length === 0 && frs.length === 0) throw new SpecError("no requirements or stories found; expected '- FR1: ...', '#### FR-1: Name' or '### Story 1.1: Title'", file.path);
    const context = contextItems(lines);
    const planned = storyList.length > 0 ? storyList : frs;
    const frContext = storyList.length > 0 ? frs.map((fr) => `${fr.id}: ${fr.text.split("\n")[0]}`) : [];
    const storyFile = lines.some((line) => headingOf(line)?.level === 1 && STORY.test(plain(headingOf(line)!.title)));
    return {
      format: "bmad",
      requirements: planned.map((found) => asRequirement(found, file.path, [...context, ...frContext])),
      scope: { file: file.path, partial: storyFile },
      removed: [],
    };
  },
};
