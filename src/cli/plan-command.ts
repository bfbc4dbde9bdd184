import { statSync } from "node:fs";
import { resolve } from "node:path";
import { FORMAT_NAMES, type FormatName } from "../plan/formats/spec-format.js";
import { inScopeOf, keepRenamedIds, planOnce } from "../plan/plan-scope.js";
import { projectPath, readSpecFiles } from "../plan/read-spec-files.js";
import { writeStatus } from "../plan/write-status.js";
import { SpecError } from "../plan/spec-error.js";
import { draftFromBrief } from "./plan-draft.js";
import { applyRequirements, type PlanSummary } from "../store/apply-requirements.js";
import { defaultStateDir, openStateStore } from "../store/state-store.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";

const USAGE = `Usage: greenlight plan SPEC.md|FOLDER [--format ${FORMAT_NAMES.join("|")}] [--keep-approved] [--write-status] [--project DIR] [--state DIR]
       greenlight plan BRIEF.md --draft [--headless] [--cassette FILE] [--model ID] [--project DIR]

Imports requirements into the task list from a spec: greenlight's own Markdown (## REQ-001: Title,
- FR-002 — Title), GitHub Spec Kit (specs/*/spec.md, tasks.md), Kiro (.kiro/specs/*/requirements.md,
tasks.md), OpenSpec (openspec/specs/**/spec.md, openspec/changes/**) or BMAD (PRD, epics, story files).
The format is detected from the file's place and shape, or named with --format. A folder plans every
spec in it. Re-running updates the requirements of the features (or files) planned; those gone from them
are marked removed. An approved requirement whose text or criteria changed goes back to QA, or with
--keep-approved stays approved, marked changed since approval. --write-status ticks the task boxes of
Spec Kit and Kiro tasks.md and OpenSpec changes' tasks.md whose requirements are all approved.

--draft runs the planner agent (agents/planner.md) on a prose brief: it writes specs/<brief>/requirements.md
with numbered requirements and EARS criteria. At a terminal its questions (at most 5) wait in the
workspace's inbox, then the draft opens in $EDITOR and is planned once you approve; headless
(--headless, CI, no terminal) it writes the questions into the draft, prints its path and plans nothing.`;

function report(summary: PlanSummary, titles: Map<string, string>, keepApproved: boolean): string {
  const lines: string[] = [];
  const list = (label: string, ids: string[]) => {
    for (const id of ids) lines.push(`  ${label.padEnd(8)} ${id}  ${titles.get(id) ?? ""}`.trimEnd());
  };
  list("added", summary.added);
  list(keepApproved ? "changed" : "reopened", summary.reopened);
  list("updated", summary.updated);
  list("removed", summary.removed);
  list("dropped", summary.dropped);
  const reopened = summary.reopened.length > 0 ? `${summary.reopened.length} ${keepApproved ? "changed since approval (kept approved)" : "reopened (changed since approval)"}, ` : "";
  lines.push(
    `${summary.added.length} added, ${reopened}${summary.updated.length} updated, ${summary.removed.length} removed (kept, work was done), ` +
      `${summary.dropped.length} dropped (no work), ${summary.unchanged.length} unchanged`,
  );
  return lines.join("\n") + "\n";
}

function merged(summaries: PlanSummary[]): PlanSummary {
  const all: PlanSummary = { added: [], reopened: [], updated: [], unchanged: [], removed: [], dropped: [] };
  for (const summary of summaries) for (const key of Object.keys(all) as (keyof PlanSummary)[]) all[key].push(...summary[key]);
  return all;
}

/** A file with no requirements may be a brief: the refusal says how to have the planner draft a spec from it. */
function readSpecs(specPath: string, projectDir: string, format: FormatName | undefined, given: string) {
  try {
    return readSpecFiles(specPath, projectDir, format);
  } catch (error) {
    if (!(error instanceof SpecError) || !/no requirement ids found/.test(error.message)) throw error;
    const message = error.message.slice(error.file.length + 2);
    throw new SpecError(`${message}. If it is a prose brief, have the planner draft a spec from it: greenlight plan ${given} --draft`, error.file, error.line);
  }
}

function formatFlag(value: string | undefined): FormatName | undefined {
  if (value === undefined) return undefined;
  if (!(FORMAT_NAMES as readonly string[]).includes(value)) throw new UsageError(`unknown spec format '${value}' (expected one of ${FORMAT_NAMES.join(", ")})`, USAGE);
  return value as FormatName;
}

export default async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      project: { type: "string" },
      state: { type: "string" },
      format: { type: "string" },
      "keep-approved": { type: "boolean" },
      "write-status": { type: "boolean" },
      draft: { type: "boolean" },
      headless: { type: "boolean" },
      cassette: { type: "string" },
      model: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError("plan takes exactly one spec file or folder", USAGE);
  const format = formatFlag(values.format);
  const keepApproved = values["keep-approved"] === true;
  const projectDir = projectDirFrom(values.project);
  let specPath = resolve(positionals[0]!);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDir);
  try {
    statSync(specPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `spec file not found: ${specPath}` : `cannot read the spec ${specPath}: ${(error as Error).message}`);
  }
  if (values.draft) {
    const interactive = !values.headless && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI;
    const approved = await draftFromBrief({ briefPath: specPath, projectDir, cassette: values.cassette, model: values.model, interactive, json: false });
    if (approved === undefined) return 0;
    specPath = resolve(projectDir, approved);
  }
  const specs = planOnce(readSpecs(specPath, projectDir, format, positionals[0]!));
  const store = await openStateStore(stateDir, { write: true, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
  const summaries: PlanSummary[] = [];
  try {
    await store.update((draft) => {
      const now = new Date().toISOString();
      for (const read of specs) {
        const spec = keepRenamedIds(read, draft.taskList.requirements);
        summaries.push(applyRequirements(draft, spec.requirements, now, { inScope: inScopeOf(spec), removed: spec.removed, keepApproved }));
      }
    });
  } finally {
    await store.close();
  }
  const titles = new Map(store.snapshot().taskList.requirements.map((requirement) => [requirement.id, requirement.title]));
  for (const spec of specs) {
    const criteria = spec.requirements.reduce((sum, requirement) => sum + (requirement.criteria?.length ?? 0), 0);
    const where = spec.scope.feature ? ` (feature ${spec.scope.feature})` : "";
    process.stdout.write(`plan: ${spec.scope.file}${where}: ${spec.format}, ${spec.requirements.length} requirements, ${criteria} criteria\n`);
  }
  process.stdout.write(`state in ${projectPath(stateDir, projectDir)}\n`);
  process.stdout.write(report(merged(summaries), titles, keepApproved));
  if (values["write-status"]) {
    const approved = new Set(store.snapshot().taskList.tasks.filter((task) => task.status === "approved").map((task) => task.requirement));
    const boxes = specs.flatMap((spec) => spec.taskBoxes ?? []);
    const written = writeStatus(boxes, (id) => approved.has(id), projectDir);
    for (const { file, ticked } of written) process.stdout.write(`write-status: ${file}: ${ticked} task(s) ticked\n`);
    if (written.length === 0) process.stdout.write(`write-status: no task to tick (${boxes.length} task(s) linked to requirements)\n`);
  }
  return 0;
}
