import type { Criterion, Requirement } from "../../domain/requirement.js";
import { SpecError } from "../spec-error.js";
import { headingOf, markdownLines, plain, sectionBody, slug, trimBlank, type MarkdownLine } from "./markdown-lines.js";
import type { SpecFile, SpecFormat } from "./spec-format.js";

/**
 * OpenSpec: `openspec/specs/<capability>/spec.md` holds what is built; `openspec/changes/<change>/specs/<capability>/spec.md`
 * holds deltas under `## ADDED|MODIFIED|REMOVED|RENAMED Requirements`. `### Requirement: <name>` is a
 * requirement whose id is `<capability>/<name as a slug>`, so the same name keeps its id across re-plans;
 * each `#### Scenario: <name>` (exactly four #) with its WHEN/THEN lines is a criterion. A RENAMED pair
 * keeps the old name's id for the new name within the delta.
 */
const REQUIREMENT = /^Requirement:\s*(.*)$/;
const SCENARIO = /^Scenario:\s*(.*)$/;
const DELTA = /^(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements$/i;
const NORMATIVE = /\b(SHALL|MUST)\b/;

type Section = "ADDED" | "MODIFIED" | "REMOVED" | "RENAMED" | "BASE";

/** `openspec/specs/auth/spec.md` and `openspec/changes/x/specs/auth/spec.md` -> `auth`; nested ones `auth/otp` -> `auth-otp`. */
function capabilityOf(path: string): string {
  const match = /(?:^|\/)specs\/(.+)\/spec\.md$/.exec(path);
  return match ? match[1]!.split("/").join("-") : path.replace(/\.md$/, "").split("/").pop()!;
}

function scenarios(body: MarkdownLine[], requirement: string, file: string): Criterion[] {
  const criteria: Criterion[] = [];
  body.forEach((line, index) => {
    const heading = headingOf(line);
    if (!heading) return;
    const scenario = SCENARIO.exec(plain(heading.title));
    if (!scenario) return;
    const steps = sectionBody(body, index, 4)
      .filter((step) => !step.fenced && step.text.trim() !== "")
      .map((step) => plain(step.text.replace(/^\s*[-*]\s+/, "")));
    if (!steps.some((step) => /^WHEN\b/i.test(step)) || !steps.some((step) => /^THEN\b/i.test(step))) {
      throw new SpecError(`scenario '${scenario[1]}' of '${requirement}' needs a '- **WHEN** ...' and a '- **THEN** ...' line`, file, line.line);
    }
    const id = slug(scenario[1]!) || `scenario-${criteria.length + 1}`;
    if (criteria.some((criterion) => criterion.id === id)) throw new SpecError(`duplicate scenario '${scenario[1]}' in '${requirement}'`, file, line.line);
    criteria.push({ id, text: `${scenario[1]}: ${steps.join(" ")}`, line: line.line });
  });
  return criteria;
}

function renames(body: MarkdownLine[]): Map<string, string> {
  const names = new Map<string, string>();
  let from: string | undefined;
  for (const line of body) {
    const match = /^\s*[-*]?\s*\**(FROM|TO)\**:?\**\s*`?(?:###\s*)?(?:Requirement:\s*)?([^`]*?)`?\s*$/i.exec(line.text);
    if (!match) continue;
    if (match[1]!.toUpperCase() === "FROM") from = match[2]!.trim();
    else if (from !== undefined) {
      names.set(match[2]!.trim(), from);
      from = undefined;
    }
  }
  return names;
}

/** A change's tasks.md (`openspec/changes/<change>/tasks.md`, two folders up from its delta): its open boxes' lines. */
function changeTasks(delta: SpecFile): { file: string; lines: number[] } | undefined {
  const depth = /(?:^|\/)changes\/[^/]+\/(specs\/.+)\/spec\.md$/.exec(delta.path)?.[1]?.split("/").length;
  const tasks = depth === undefined ? undefined : delta.sibling(`${"../".repeat(depth)}tasks.md`);
  if (!tasks) return undefined;
  const lines = markdownLines(tasks.text).filter((line) => !line.fenced && /^\s*[-*]\s+\[[ xX]\]\s/.test(line.text)).map((line) => line.line);
  return { file: tasks.path, lines };
}

export const openSpecFormat: SpecFormat = {
  name: "openspec",
  ownsPath: (path) => /(^|\/)openspec\/(specs\/.+\/spec\.md|changes\/.+\/spec\.md)$/.test(path),
  ownsShape: (text) => /^###\s+Requirement:\s*\S/m.test(text) && /^####\s+Scenario:/m.test(text),
  read(file: SpecFile) {
    const capability = capabilityOf(file.path);
    const lines = markdownLines(file.text);
    const isDelta = /(^|\/)changes\//.test(file.path) || lines.some((line) => DELTA.test(headingOf(line)?.title ?? ""));
    const renamed = new Map<string, string>();
    lines.forEach((line, index) => {
      const heading = headingOf(line);
      const stray = heading ? SCENARIO.exec(plain(heading.title)) : null;
      if (stray && heading!.level !== 4) throw new SpecError(`scenario headings take exactly four #, this one has ${heading!.level} (expected '#### Scenario: ${stray[1]}')`, file.path, line.line);
      if (heading?.level === 2 && /^RENAMED\s+Requirements$/i.test(heading.title)) for (const [to, from] of renames(sectionBody(lines, index, 2))) renamed.set(to, from);
    });
    const requirements: Requirement[] = [];
    const removed: string[] = [];
    const first = new Map<string, number>();
    let section: Section = "BASE";
    lines.forEach((line, index) => {
      const heading = headingOf(line);
      if (!heading) return;
      if (heading.level === 2) {
        const delta = DELTA.exec(heading.title);
        section = delta ? (delta[1]!.toUpperCase() as Section) : "BASE";
        return;
      }
      const match = REQUIREMENT.exec(plain(heading.title));
      if (!match) return;
      if (heading.level !== 3) throw new SpecError(`requirement headings take exactly three # (expected '### Requirement: ${match[1]}')`, file.path, line.line);
      const name = match[1]!.trim();
      if (name === "") throw new SpecError("requirement has no name (expected '### Requirement: <name>')", file.path, line.line);
      if (isDelta && section === "BASE") throw new SpecError("a change's requirement must sit under '## ADDED Requirements', '## MODIFIED Requirements' or '## REMOVED Requirements'", file.path, line.line);
      const id = `${capability}/${slug(renamed.get(name) ?? name)}`;
      const earlier = first.get(id);
      if (earlier !== undefined) throw new SpecError(`duplicate requirement '${name}' (first at line ${earlier})`, file.path, line.line);
      first.set(id, line.line);
      if (section === "REMOVED") {
        removed.push(id);
        return;
      }
      const body = sectionBody(lines, index, 3);
      const firstScenario = body.findIndex((entry) => headingOf(entry) !== undefined);
      const text = trimBlank((firstScenario < 0 ? body : body.slice(0, firstScenario)).map((entry) => entry.text));
      if (!NORMATIVE.test(text)) throw new SpecError(`requirement '${name}' says neither SHALL nor MUST (expected 'The system SHALL ...' under its heading)`, file.path, line.line);
      const criteria = scenarios(body, name, file.path);
      if (criteria.length === 0) throw new SpecError(`requirement '${name}' has no scenario (expected '#### Scenario: <name>' with WHEN/THEN lines)`, file.path, line.line);
      requirements.push({ id, title: name, description: text, source: { file: file.path, line: line.line }, feature: capability, criteria });
    });
    if (requirements.length === 0 && removed.length === 0) throw new SpecError("no requirements found; expected '### Requirement: <name>' with '#### Scenario: <name>'", file.path);
    const tasks = isDelta ? changeTasks(file) : undefined;
    const ids = requirements.map((requirement) => requirement.id);
    const taskBoxes = tasks && ids.length > 0 ? tasks.lines.map((line) => ({ file: tasks.file, line, requirements: ids, mark: "x" as const })) : [];
    return { format: "openspec", requirements, scope: { feature: capability, file: file.path, partial: isDelta }, removed, taskBoxes };
  },
};
