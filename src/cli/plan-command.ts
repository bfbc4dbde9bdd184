import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { parseSpec } from "../plan/import-spec.js";
import { applyRequirements, type PlanSummary } from "../store/apply-requirements.js";
import { defaultStateDir, openStateStore } from "../store/state-store.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";

const USAGE = `Usage: greenlight plan SPEC.md [--project DIR] [--state DIR]

Imports requirement ids (## REQ-001: Title, - FR-002 — Title, US-1) from a Markdown spec into the task
list. Re-running it updates titles and descriptions; requirements gone from the spec are marked removed.
A line 'Depends on: REQ-001, REQ-002' in a requirement's text makes it wait for those in a parallel run.`;

function specSourceName(specPath: string, projectDir: string): string {
  const inside = relative(projectDir, specPath);
  if (inside.startsWith("..") || isAbsolute(inside)) return specPath;
  return inside.split(sep).join("/");
}

function report(summary: PlanSummary, titles: Map<string, string>): string {
  const lines: string[] = [];
  const list = (label: string, ids: string[]) => {
    for (const id of ids) lines.push(`  ${label.padEnd(8)} ${id}  ${titles.get(id) ?? ""}`.trimEnd());
  };
  list("added", summary.added);
  list("updated", summary.updated);
  list("removed", summary.removed);
  list("dropped", summary.dropped);
  lines.push(
    `${summary.added.length} added, ${summary.updated.length} updated, ${summary.removed.length} removed (kept, work was done), ` +
      `${summary.dropped.length} dropped (no work), ${summary.unchanged.length} unchanged`,
  );
  return lines.join("\n") + "\n";
}

export default async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { project: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("plan takes exactly one spec file", USAGE);
  const projectDir = projectDirFrom(values.project);
  const specPath = resolve(positionals[0]!);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDir);
  let text: string;
  try {
    text = readFileSync(specPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `spec file not found: ${specPath}` : `cannot read the spec ${specPath}: ${(error as Error).message}`);
  }
  const { requirements } = parseSpec(text, specSourceName(specPath, projectDir));
  const store = await openStateStore(stateDir, { write: true, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
  let summary: PlanSummary | undefined;
  try {
    await store.update((draft) => {
      summary = applyRequirements(draft, requirements, new Date().toISOString());
    });
  } finally {
    await store.close();
  }
  const titles = new Map(store.snapshot().taskList.requirements.map((requirement) => [requirement.id, requirement.title]));
  process.stdout.write(`plan: ${specSourceName(specPath, projectDir)}: ${requirements.length} requirements, state in ${stateDir}\n`);
  process.stdout.write(report(summary!, titles));
  return 0;
}
