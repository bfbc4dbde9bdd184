import { resolve } from "node:path";
import { defaultStateDir, openStateStore, type ReadonlyState } from "../store/state-store.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError } from "./usage-error.js";
import { hintWhenNothingPlanned } from "./nothing-planned-hint.js";
import { projectDirFrom } from "./project-dir.js";
import { shortIds } from "./short-ids.js";

const USAGE = `Usage: greenlight tasks [--json] [--project DIR] [--state DIR]

Shows the task list (read-only: works while a run holds the state folder). AFTER lists the requirements a
task waits for (the spec's 'Depends on: REQ-001'); --json has them as each requirement's dependsOn.`;

/** Titles and owners come from untrusted files: no terminal control sequences reach the screen. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

function table(snapshot: ReadonlyState): string {
  const titles = new Map(snapshot.taskList.requirements.map((requirement) => [requirement.id, requirement]));
  const changed = new Set(snapshot.matrix.requirements.filter((row) => row.changedSinceApproval).map((row) => row.id));
  const show = shortIds(snapshot.taskList.requirements.map((requirement) => requirement.id));
  const rows = snapshot.taskList.tasks.map((task) => {
    const requirement = titles.get(task.requirement);
    const marks = [requirement?.removed ? "removed" : "", changed.has(task.requirement) ? "changed since approval" : ""].filter(Boolean);
    const status = marks.length > 0 ? `${task.status} (${marks.join(", ")})` : task.status;
    const attempts = `${task.attempts.tests}/${task.attempts.implement}/${task.attempts.review}`;
    // Requirement ids, as the spec's `Depends on` names them: the task starts after those are integrated.
    const after = requirement?.dependsOn?.map(show).join(", ") || "-";
    return [task.id, show(task.requirement), status, task.owner ?? "-", attempts, after, requirement?.title ?? ""].map(printable);
  });
  const header = ["TASK", "REQUIREMENT", "STATUS", "OWNER", "TRIES t/i/r", "AFTER", "TITLE"];
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line), `${rows.length} tasks`].join("\n") + "\n";
}

export default async function tasksCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { json: { type: "boolean" }, project: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, USAGE);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDirFrom(values.project));
  const store = await openStateStore(stateDir, { write: false, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
  const snapshot = store.snapshot();
  process.stdout.write(values.json ? JSON.stringify(snapshot.taskList, null, 2) + "\n" : table(snapshot));
  hintWhenNothingPlanned(snapshot.taskList.tasks.length, stateDir);
  return 0;
}
