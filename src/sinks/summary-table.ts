import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { integrationLabel } from "../domain/integration-text.js";

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
    ...(integrated ? [row.integration ? integrationLabel(row.integration) : "-"] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const approved = rows.filter((row) => row.status === "approved").length;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line), "", `${approved}/${rows.length} approved`].join("\n");
}
