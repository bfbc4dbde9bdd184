import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";

/** The table printed at the end of a headless run: one row per requirement, plain text columns. */

function gateCell(run: TraceRow["gates"]["red"]): string {
  if (!run) return "-";
  const outcome = run.passed === false && run.exitCode === 0 ? "refused" : run.exitCode === 0 ? "pass" : `fail(${run.exitCode ?? "sig"})`;
  return run.evidence === "exit-code" ? `${outcome}, exit code only` : outcome;
}

function reviewCell(row: DeepReadonly<TraceRow>): string {
  const last = row.reviews.at(-1);
  if (!last) return "-";
  return `${last.verdict === "approve" ? "approved" : "changes"} (${row.reviews.length})`;
}

/** A parallel run's integration: `integrated abc1234`, `blocked`, `sent back`. */
function integrationCell(row: DeepReadonly<TraceRow>): string {
  const integration = row.integration;
  if (!integration) return "-";
  if (integration.state === "integrated") return `integrated${integration.commit ? ` ${integration.commit.slice(0, 7)}` : ""}`;
  return integration.state.replace("_", " ");
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function formatSummaryTable(rows: readonly DeepReadonly<TraceRow>[]): string {
  // Only a parallel run integrates: a sequential run's table keeps its columns.
  const integrated = rows.some((row) => row.integration !== undefined);
  const header = ["req", "title", "tests", "code", "red", "green", "review", "status", "tamper", ...(integrated ? ["integration"] : [])];
  const body = rows.map((row) => [
    row.id,
    truncate(row.title, 28),
    String(row.tests.names.length || row.tests.files.length),
    String(row.code.length),
    gateCell(row.gates.red),
    gateCell(row.gates.green),
    reviewCell(row),
    row.status,
    String(row.tamperAttempts ?? 0),
    ...(integrated ? [integrationCell(row)] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const approved = rows.filter((row) => row.status === "approved").length;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line), "", `${approved}/${rows.length} approved`].join("\n");
}
