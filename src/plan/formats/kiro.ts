import type { Criterion, Requirement } from "../../domain/requirement.js";
import { SpecError } from "../spec-error.js";
import { headingOf, markdownLines, plain, sectionBody, trimBlank } from "./markdown-lines.js";
import { featureFolder } from "./naming.js";
import type { SpecFile, SpecFormat, TaskBox } from "./spec-format.js";

/**
 * AWS Kiro: `.kiro/specs/<feature>/requirements.md`. `### Requirement 1: Title` (or `### Requirement 1`)
 * with its `**User Story:**` is a requirement `<feature>/REQ-1`; each numbered EARS line under
 * `#### Acceptance Criteria` is criterion `1.M`. tasks.md `_Requirements: 1.1, 1.4_` links name criteria:
 * the task becomes context of those requirements.
 */
const REQUIREMENT = /^Requirement\s+(\d+)\s*(?:[:.\-–—]\s*(.*))?$/i;
const LOOSE_REQUIREMENT = /^Requirement\b(?!s)/i;
const CRITERION = /^\s*(\d+)[.)]\s+(.*)$/;
const EARS = /\bSHALL\b/i;
const TASK = /^(\s*)[-*]\s+\[([ xX-])\](\*?)\s+(\d+(?:\.\d+)*)\.?\s+(.*)$/;
const LINKS = /_?Requirements?:\s*([\d.,\s]+)_?/i;
const VALIDATES = /Validates:\s*Requirements?\s+([\d.,\s]+)/i;

function readRequirements(file: SpecFile): Requirement[] {
  const feature = featureFolder(file.path);
  const lines = markdownLines(file.text);
  const requirements: Requirement[] = [];
  const first = new Map<number, number>();
  lines.forEach((line, index) => {
    const heading = headingOf(line);
    if (!heading || heading.level < 2) return;
    const title = plain(heading.title);
    const match = REQUIREMENT.exec(title);
    if (!match) {
      if (LOOSE_REQUIREMENT.test(title)) throw new SpecError(`cannot read this requirement heading (expected '### Requirement 1: Title' or '### Requirement 1')`, file.path, line.line);
      return;
    }
    const number = Number(match[1]);
    const earlier = first.get(number);
    if (earlier !== undefined) throw new SpecError(`duplicate Requirement ${number} (first at line ${earlier})`, file.path, line.line);
    first.set(number, line.line);
    const body = sectionBody(lines, index, heading.level);
    const criteria: Criterion[] = [];
    let inCriteria = false;
    let story = "";
    for (const entry of body) {
      const sub = headingOf(entry);
      if (sub) {
        inCriteria = /Acceptance Criteria/i.test(sub.title);
        continue;
      }
      if (entry.fenced) continue;
      const storyMatch = /^\s*\**User Story:?\**:?\s*(.*)$/i.exec(entry.text);
      if (storyMatch && story === "") story = plain(storyMatch[1]!);
      const criterion = inCriteria ? CRITERION.exec(entry.text) : null;
      if (!criterion) continue;
      const text = plain(criterion[2]!);
      if (!EARS.test(text)) throw new SpecError(`criterion ${number}.${criterion[1]} is not an EARS line (expected 'WHEN <event> THEN the system SHALL <response>')`, file.path, entry.line);
      criteria.push({ id: `${number}.${criterion[1]}`, text, line: entry.line });
    }
    if (criteria.length === 0) throw new SpecError(`Requirement ${number} has no acceptance criteria (expected '#### Acceptance Criteria' and numbered lines '1. WHEN ... THE SYSTEM SHALL ...')`, file.path, line.line);
    requirements.push({
      id: `${feature}/REQ-${number}`,
      title: match[2] ? plain(match[2]) : story || `Requirement ${number}`,
      description: trimBlank(body.map((entry) => entry.text)),
      source: { file: file.path, line: line.line },
      feature,
      criteria,
    });
  });
  if (requirements.length === 0) throw new SpecError("no requirements found; expected '### Requirement 1: Title' with '#### Acceptance Criteria'", file.path);
  return requirements;
}

export interface KiroTask {
  id: string;
  done: boolean;
  text: string;
  line: number;
  links: string[];
}

/** The tasks of a Kiro tasks.md with the criteria (`N.M`) their `_Requirements:_` lines name. */
export function kiroTasks(file: SpecFile): KiroTask[] {
  const tasks: KiroTask[] = [];
  for (const line of markdownLines(file.text)) {
    if (line.fenced) continue;
    const task = TASK.exec(line.text);
    if (task) {
      tasks.push({ id: task[4]!, done: task[2] !== " ", text: plain(task[5]!), line: line.line, links: [] });
      continue;
    }
    const links = LINKS.exec(line.text) ?? VALIDATES.exec(line.text);
    if (!links || tasks.length === 0) continue;
    const ids = links[1]!.split(/[,\s]+/).filter((id) => id !== "");
    for (const id of ids) {
      if (!/^\d+(?:\.\d+)?$/.test(id)) throw new SpecError(`cannot read the requirement link '${id}' (expected '_Requirements: 1.1, 2.3_')`, file.path, line.line);
    }
    tasks[tasks.length - 1]!.links.push(...ids.map((id) => `${id}@${line.line}`));
  }
  return tasks;
}

function linkTasks(requirements: Requirement[], tasks: SpecFile): TaskBox[] {
  const boxes: TaskBox[] = [];
  const byNumber = new Map(requirements.map((requirement) => [requirement.id.replace(/^.*\/REQ-/, ""), requirement]));
  for (const task of kiroTasks(tasks)) {
    const linked = new Set<Requirement>();
    for (const link of task.links) {
      const [id, line] = link.split("@") as [string, string];
      const [number, criterion] = id.split(".");
      const requirement = byNumber.get(number!);
      const known = requirement && (criterion === undefined || requirement.criteria?.some((entry) => entry.id === id));
      if (!known) throw new SpecError(`task ${task.id} names requirement ${id}, which requirements.md does not have`, tasks.path, Number(line));
      linked.add(requirement);
    }
    for (const requirement of linked) requirement.context = [...(requirement.context ?? []), `Task ${task.id}: ${task.text}`];
    if (linked.size > 0) boxes.push({ file: tasks.path, line: task.line, requirements: [...linked].map((requirement) => requirement.id), mark: "x" });
  }
  return boxes;
}

export const kiroFormat: SpecFormat = {
  name: "kiro",
  ownsPath: (path) => /(^|\/)\.kiro\/specs\/[^/]+\/(requirements|tasks)\.md$/.test(path),
  ownsShape: (text) => /^#{2,4}\s+Requirement\s+\d+\b/im.test(text) && /Acceptance Criteria/i.test(text),
  read(file) {
    const isTasks = /(^|\/)tasks\.md$/.test(file.path);
    const spec = isTasks ? file.sibling("requirements.md") : file;
    if (!spec) throw new SpecError("a Kiro tasks.md is read with its feature's requirements.md, and there is none next to it", file.path);
    const requirements = readRequirements(spec);
    const tasks = isTasks ? file : spec.sibling("tasks.md");
    const taskBoxes = tasks ? linkTasks(requirements, tasks) : [];
    return { format: "kiro", requirements, scope: { feature: featureFolder(spec.path), file: spec.path, partial: false }, removed: [], taskBoxes };
  },
};
