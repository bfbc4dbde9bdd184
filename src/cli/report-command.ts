import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultStateDir } from "../store/state-dir.js";
import { writeReport } from "../report/write-report.js";
import { parseFlags } from "./parse-flags.js";
import { projectDirFrom } from "./project-dir.js";
import { reportDiffs } from "./report-diffs.js";
import { UsageError, UserError } from "./usage-error.js";

const USAGE = `Usage: greenlight report [--out FILE] [--project DIR] [--state DIR]

Writes one self-contained HTML file (no network, no external files; opens from disk and prints) with the
matrix, each requirement's tests, gate runs, change, reviews, refused cheats and sessions, and a run
timeline. Read-only: works while a run holds the state folder. Default: <state folder>/report.html.`;

/** Writes the report for a project's state; the path it went to. */
export async function reportFor(projectDir: string, stateDir: string, out: string = join(stateDir, "report.html")): Promise<{ path: string; bytes: number }> {
  const diffs = await reportDiffs(stateDir, projectDir);
  return writeReport({ stateDir, project: projectDir, out, diffs, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
}

export default async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { out: { type: "string" }, project: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, USAGE);
  if (values.out === "") throw new UsageError("--out needs a file name", USAGE);
  const projectDir = projectDirFrom(values.project);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDir);
  if (!existsSync(stateDir)) throw new UserError(`no greenlight state in ${stateDir}: import requirements first with \`greenlight plan SPEC.md\` (or name the folder with --state)`);
  const written = await reportFor(projectDir, stateDir, values.out !== undefined ? resolve(values.out) : undefined);
  process.stdout.write(`report: ${written.path} (${Math.round(written.bytes / 1024)} KB)\n`);
  return 0;
}
