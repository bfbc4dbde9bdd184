import type { Criterion, Requirement } from "../../domain/requirement.js";
import { checkDependencies, type DependencyReference } from "../check-dependencies.js";
import { SpecError } from "../spec-error.js";
import { clarificationsIn, headingOf, markdownLines, plain, sectionBody, trimBlank, type MarkdownLine } from "./markdown-lines.js";
import { featureFolder, requirementTitle } from "./naming.js";
import type { SpecFile, SpecFormat, TaskBox } from "./spec-format.js";
import { readSpecKitTasks } from "./spec-kit-tasks.js";

/**
 * GitHub Spec Kit: `specs/<feature>/spec.md` (and its `tasks.md`). Each `- **FR-001**: System MUST ...` is a
 * requirement. A user story's Given/When/Then scenarios become criteria of the FRs that name the story
 * (`(US1)`, `User Story 1`) or that the story names (`FR-001`); a story that no FR serves becomes a
 * requirement of its own, `US-<n>`. `- **SC-001**:` success criteria and clarification sessions are context.
 */
const STORY = /^User Story (\d+)\s*[-–—:]?\s*(.*?)\s*(?:\(Priority:\s*(P\d+)\))?$/i;
const FR_LINE = /^\s*[-*]\s+\*\*((?:FR|NFR)-\d+)\*\*\s*:?\s*(.*)$/;
const SC_LINE = /^\s*[-*]\s+\*\*(SC-\d+)\*\*\s*:?\s*(.*)$/;
const LOOSE_FR = /^\s*[-*]\s+\**(?:FR|NFR)-\d+/;
const SCENARIO = /^\s*(\d+)\.\s+(.*\*\*Given\*\*.*)$/i;
const STORY_REFERENCE = /\b(?:US-?(\d+)|User Story (\d+))\b/gi;
const FR_REFERENCE = /\bFR-\d+\b/g;

interface Story {
  number: number;
  title: string;
  line: number;
  body: MarkdownLine[];
  scenarios: Criterion[];
  frs: Set<string>;
}

interface FunctionalRequirement {
  id: string;
  text: string;
  line: number;
  continuation: string[];
  stories: Set<number>;
}

function readStory(lines: MarkdownLine[], index: number, level: number, number: number, title: string, file: string): Story {
  const body = sectionBody(lines, index, level);
  const scenarios: Criterion[] = [];
  const frs = new Set<string>();
  for (const line of body) {
    if (line.fenced) continue;
    for (const match of line.text.matchAll(FR_REFERENCE)) frs.add(match[0]);
    const scenario = SCENARIO.exec(line.text);
    if (!scenario) continue;
    const text = plain(scenario[2]!);
    if (!/\bWhen\b/i.test(text) || !/\bThen\b/i.test(text)) {
      throw new SpecError(`acceptance scenario ${scenario[1]} of User Story ${number} lacks **When** or **Then** (expected '1. **Given** ..., **When** ..., **Then** ...')`, file, line.line);
    }
    scenarios.push({ id: `US${number}.${scenario[1]}`, text, line: line.line });
  }
  return { number, title, line: lines[index]!.line, body, scenarios, frs };
}

function readFunctionalRequirements(lines: MarkdownLine[], file: string): FunctionalRequirement[] {
  const found: FunctionalRequirement[] = [];
  const first = new Map<string, number>();
  let current: FunctionalRequirement | undefined;
  for (const line of lines) {
    if (line.fenced || headingOf(line)) {
      current = undefined;
      continue;
    }
    const match = FR_LINE.exec(line.text);
    if (match) {
      const [, id, text] = match as unknown as [string, string, string];
      const earlier = first.get(id);
      if (earlier !== undefined) throw new SpecError(`duplicate requirement id ${id} (first at line ${earlier})`, file, line.line);
      if (plain(text) === "") throw new SpecError(`${id} has no text (expected '- **${id}**: System MUST ...')`, file, line.line);
      first.set(id, line.line);
      current = { id, text: plain(text), line: line.line, continuation: [], stories: new Set() };
      for (const reference of text.matchAll(STORY_REFERENCE)) current.stories.add(Number(reference[1] ?? reference[2]));
      found.push(current);
      continue;
    }
    if (LOOSE_FR.test(line.text)) throw new SpecError(`cannot read this functional requirement (expected '- **FR-001**: System MUST ...')`, file, line.line);
    if (current && /^\s+\S/.test(line.text)) current.continuation.push(plain(line.text));
    else if (line.text.trim() !== "") current = undefined;
  }
  return found;
}

function contextLines(lines: MarkdownLine[]): string[] {
  const context: string[] = [];
  let clarifications = false;
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading?.level === 2) clarifications = /^Clarifications\b/i.test(heading.title);
    if (line.fenced || heading) continue;
    const success = SC_LINE.exec(line.text);
    if (success) context.push(`${success[1]}: ${plain(success[2]!)}`);
    else if (clarifications && /^\s*[-*]\s+Q:/.test(line.text)) context.push(`Clarified: ${plain(line.text.replace(/^\s*[-*]\s+/, ""))}`);
  }
  return context;
}

function readSpec(file: SpecFile): { requirements: Requirement[]; stories: Map<number, string[]> } {
  const feature = featureFolder(file.path);
  const lines = markdownLines(file.text);
  const stories: Story[] = [];
  lines.forEach((line, index) => {
    const heading = headingOf(line);
    const story = heading ? STORY.exec(plain(heading.title)) : null;
    if (!heading || !story) return;
    if (stories.some((known) => known.number === Number(story[1]))) throw new SpecError(`duplicate User Story ${story[1]}`, file.path, line.line);
    stories.push(readStory(lines, index, heading.level, Number(story[1]), story[2] || `User Story ${story[1]}`, file.path));
  });
  const frs = readFunctionalRequirements(lines, file.path);
  if (frs.length === 0 && stories.length === 0) {
    throw new SpecError("no functional requirements or user stories found; expected '- **FR-001**: System MUST ...' under '## Requirements' or '### User Story 1 - Title (Priority: P1)'", file.path);
  }
  const context = contextLines(lines);
  const known = new Set(frs.map((fr) => fr.id));
  for (const story of stories) {
    for (const id of story.frs) {
      if (!known.has(id)) throw new SpecError(`User Story ${story.number} names ${id}, which the spec does not have`, file.path, story.line);
      frs.find((fr) => fr.id === id)!.stories.add(story.number);
    }
  }
  const storyNumbers = new Set(stories.map((story) => story.number));
  const served = new Map<number, string[]>();
  const requirements: Requirement[] = frs.map((fr) => {
    const criteria: Criterion[] = [];
    for (const number of fr.stories) {
      if (!storyNumbers.has(number)) throw new SpecError(`${fr.id} names User Story ${number}, which the spec does not have`, file.path, fr.line);
      criteria.push(...stories.find((story) => story.number === number)!.scenarios);
      served.set(number, [...(served.get(number) ?? []), `${feature}/${fr.id}`]);
    }
    const text = [fr.text, ...fr.continuation].join("\n");
    const clarifications = clarificationsIn(text);
    return {
      id: `${feature}/${fr.id}`,
      // The question itself is in the text and in clarifications; in a title it would crowd out the requirement.
      title: requirementTitle(fr.text.replace(/\s*\[NEEDS CLARIFICATION:?[^\]]*\]/gi, " (needs clarification)").trim()),
      description: text,
      source: { file: file.path, line: fr.line },
      feature,
      ...(criteria.length > 0 ? { criteria } : {}),
      ...(clarifications.length > 0 ? { clarifications } : {}),
      ...(context.length > 0 ? { context } : {}),
    };
  });
  for (const story of stories) {
    if (served.has(story.number)) continue;
    const description = trimBlank(story.body.map((line) => line.text));
    const clarifications = clarificationsIn(description);
    const id = `${feature}/US-${story.number}`;
    served.set(story.number, [id]);
    requirements.push({
      id,
      title: plain(story.title),
      description,
      source: { file: file.path, line: story.line },
      feature,
      ...(story.scenarios.length > 0 ? { criteria: story.scenarios } : {}),
      ...(clarifications.length > 0 ? { clarifications } : {}),
      ...(context.length > 0 ? { context } : {}),
    });
  }
  return { requirements, stories: served };
}

function readWithTasks(file: SpecFile, tasks: SpecFile | undefined): { requirements: Requirement[]; boxes: TaskBox[] } {
  const { requirements, stories } = readSpec(file);
  if (!tasks) return { requirements, boxes: [] };
  const read = readSpecKitTasks(tasks, stories);
  const references: DependencyReference[] = [];
  for (const requirement of requirements) {
    const extra = read.context.get(requirement.id) ?? [];
    if (extra.length > 0) requirement.context = [...(requirement.context ?? []), ...extra];
    const on = read.dependsOn.get(requirement.id);
    if (on && on.size > 0) requirement.dependsOn = [...on];
    for (const reference of read.references) if (reference.from === requirement.id) references.push(reference);
  }
  checkDependencies(requirements.map((requirement) => requirement.id), references, tasks.path);
  return { requirements, boxes: read.boxes };
}

export const specKitFormat: SpecFormat = {
  name: "spec-kit",
  ownsPath: (path) => /(^|\/)specs\/[^/]+\/(spec|tasks)\.md$/.test(path) && !/(^|\/)(openspec|\.kiro)\//.test(path),
  ownsShape: (text) => /^###\s+User Story \d+/im.test(text) || (/^##\s+(User Scenarios|Requirements)/im.test(text) && /^\s*-\s+\*\*FR-\d{3}\*\*/m.test(text)),
  read(file) {
    const isTasks = /(^|\/)tasks\.md$/.test(file.path);
    const spec = isTasks ? file.sibling("spec.md") : file;
    if (!spec) throw new SpecError("a Spec Kit tasks.md is read with its feature's spec.md, and there is none next to it", file.path);
    const tasks = isTasks ? file : file.sibling("tasks.md");
    const feature = featureFolder(spec.path);
    const { requirements, boxes } = readWithTasks(spec, tasks);
    return { format: "spec-kit", requirements, scope: { feature, file: spec.path, partial: false }, removed: [], taskBoxes: boxes };
  },
};
