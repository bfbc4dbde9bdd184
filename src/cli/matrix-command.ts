import { resolve } from "node:path";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { GateRun, TraceRow } from "../domain/traceability.js";
import { evidenceLabel } from "../domain/evidence-label.js";
import { defaultStateDir, openStateStore } from "../store/state-store.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError } from "./usage-error.js";
import { hintWhenNothingPlanned } from "./nothing-planned-hint.js";
import { hasIntegration, INTEGRATION_HEADER, integrationCells } from "./integration-cells.js";
import { projectDirFrom } from "./project-dir.js";
import { requirementsJunit } from "../sinks/matrix-junit.js";
import { matrixSummaryLine } from "../sinks/step-summary.js";

type Row = DeepReadonly<TraceRow>;

const USAGE = `Usage: greenlight matrix [--format table|md|json|csv|junit] [--project DIR] [--state DIR]

Shows the traceability matrix: per requirement its tests, code, red and green gate runs, review and
status, and a coverage line (read-only: works while a run holds the state folder). After a parallel
run, each requirement's branch and the commit that integrated it.

--format junit writes JUnit XML for CI: one test case per requirement (its tests as properties), failed
when it is not approved or its last \`greenlight verify\` found it no longer holds, skipped when the spec
removed it. Exit codes: 0 shown, 2 usage errors or the state cannot be read.`;

const FORMATS = ["table", "md", "json", "csv", "junit"] as const;
type Format = (typeof FORMATS)[number];

const SHORT_EVIDENCE = { report: "report", output: "from output", "exit-code": evidenceLabel("exit-code") } as const;

/**
 * The exit code, whether the gate refused a run that exited 0, and where per-test results came from
 * (exit-code-only evidence is never shown like named results); a gate recorded before evidence was kept
 * shows the exit code alone.
 */
function gateCell(gate: GateRun | undefined): string {
  if (!gate) return "-";
  const refused = gate.passed === false && gate.exitCode === 0 ? ", refused" : "";
  const exit = `exit ${gate.exitCode ?? "killed"}${refused}`;
  return gate.evidence ? `${exit} (${SHORT_EVIDENCE[gate.evidence]})` : exit;
}

function reviewCell(row: Row): string {
  const last = row.reviews.at(-1);
  if (!last) return "-";
  return `${last.verdict === "approve" ? "approved" : "changes requested"} by ${last.by}`;
}

function cells(row: Row, integration: boolean): string[] {
  const tests = row.tests.files.length === 0 ? "-" : `${row.tests.files.join(", ")}${row.tests.names.length ? ` (${row.tests.names.length} tests)` : ""}`;
  const base = [row.id, row.title, tests, row.code.length ? row.code.join(", ") : "-", gateCell(row.gates.red), gateCell(row.gates.green), reviewCell(row), row.status, String(row.tamperAttempts ?? 0)];
  return integration ? [...base, ...integrationCells(row)] : base;
}

const BASE_HEADER = ["ID", "TITLE", "TESTS", "CODE", "RED", "GREEN", "REVIEW", "STATUS", "TAMPER ATTEMPTS"];

function headerFor(integration: boolean): string[] {
  return integration ? [...BASE_HEADER, ...INTEGRATION_HEADER] : BASE_HEADER;
}

function coverage(rows: readonly Row[]): string {
  const live = rows.filter((row) => row.status !== "removed");
  const tested = live.filter((row) => row.tests.files.length > 0).length;
  const greenPassed = (row: Row) => row.gates.green !== undefined && (row.gates.green.passed ?? row.gates.green.exitCode === 0);
  const passing = live.filter(greenPassed).length;
  const unnamed = live.filter((row) => greenPassed(row) && row.gates.green?.evidence === "exit-code").length;
  const approved = live.filter((row) => row.reviews.at(-1)?.verdict === "approve").length;
  const removed = rows.length - live.length;
  return `Coverage: ${tested}/${live.length} have tests, ${passing}/${live.length} pass${unnamed ? ` (${unnamed} by exit code only)` : ""}, ${approved}/${live.length} approved${removed ? ` (${removed} removed not counted)` : ""}`;
}

/** Matrix content comes from agents and spec files: control characters never reach the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

function table(rows: readonly Row[]): string {
  const integration = hasIntegration(rows);
  const header = headerFor(integration);
  const body = rows.map((row) => cells(row, integration).map(printable));
  const widths = header.map((cell, column) => Math.min(40, Math.max(cell.length, ...body.map((line) => line[column]!.length))));
  const fit = (cell: string, width: number) => (cell.length > width ? cell.slice(0, width - 1) + "…" : cell.padEnd(width));
  const line = (row: string[]) => row.map((cell, column) => fit(cell, widths[column]!)).join("  ").trimEnd();
  return [line(header), ...body.map(line), coverage(rows)].join("\n") + "\n";
}

function markdown(rows: readonly Row[]): string {
  const escape = (cell: string) => printable(cell).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;");
  const integration = hasIntegration(rows);
  const header = headerFor(integration);
  const out = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) out.push(`| ${cells(row, integration).map(escape).join(" | ")} |`);
  out.push("", coverage(rows));
  return out.join("\n") + "\n";
}

function csv(rows: readonly Row[]): string {
  // A cell opening with = + - @ would run as a formula in a spreadsheet; a leading quote defuses it.
  const quote = (cell: string) => {
    const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = ["id", "title", "status", "test_files", "test_names", "code", "red_exit", "red_at", "green_exit", "green_at", "review", "reviewed_by", "red_evidence", "green_evidence", "tamper_attempts", "integration_branch", "integration_state", "integrated_commit", "integrated_into"];
  const lines = rows.map((row) => {
    const last = row.reviews.at(-1);
    return [
      row.id,
      row.title,
      row.status,
      row.tests.files.join(";"),
      row.tests.names.join(";"),
      row.code.join(";"),
      String(row.gates.red?.exitCode ?? ""),
      row.gates.red?.at ?? "",
      String(row.gates.green?.exitCode ?? ""),
      row.gates.green?.at ?? "",
      last?.verdict ?? "",
      last?.by ?? "",
      row.gates.red?.evidence ?? "",
      row.gates.green?.evidence ?? "",
      String(row.tamperAttempts ?? 0),
      row.integration?.branch ?? "",
      row.integration?.state ?? "",
      row.integration?.commit ?? "",
      row.integration?.into ?? "",
    ]
      .map(quote)
      .join(",");
  });
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

function junit(rows: readonly Row[]): string {
  const cases = rows.map((row) => {
    const line = matrixSummaryLine(row);
    const outcome = row.status === "removed" ? { skipped: "removed from the spec" } : line.problem !== undefined ? { failure: line.problem } : {};
    return { id: row.id, title: row.title, status: row.status, tests: row.tests.names, files: row.tests.files, ...outcome };
  });
  return requirementsJunit("greenlight matrix", cases);
}

export default async function matrixCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { format: { type: "string", default: "table" }, project: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, USAGE);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${values.format}'`, USAGE);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDirFrom(values.project));
  const store = await openStateStore(stateDir, { write: false, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
  const rows = store.snapshot().matrix.requirements;
  const render = { table, md: markdown, csv, junit, json: (all: readonly Row[]) => JSON.stringify({ requirements: all }, null, 2) + "\n" }[format];
  process.stdout.write(render(rows));
  hintWhenNothingPlanned(rows.length, stateDir);
  return 0;
}
