import { appendFileSync } from "node:fs";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";

/** One requirement's line in a CI step summary. */
export interface SummaryLine {
  id: string;
  title: string;
  status: string;
  /** Why it fails; absent when the row holds. */
  problem?: string;
  /** What a reader must not miss on a row that holds (approved on the exit code only, known failures, flaky tests). */
  warning?: string;
  tests: number;
  evidence: string;
}

function cell(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@\u200b");
}

function mark(line: SummaryLine): string {
  return line.problem !== undefined ? "❌" : line.warning !== undefined ? "⚠️" : "✅";
}

/** Markdown for GitHub's job summary: a headline, then the matrix with failing rows first, then flagged ones. */
export function stepSummary(heading: string, headline: string, lines: readonly SummaryLine[]): string {
  const rank = (line: SummaryLine) => (line.problem !== undefined ? 0 : line.warning !== undefined ? 1 : 2);
  const ordered = [...lines].sort((a, b) => rank(a) - rank(b));
  const rows = ordered.map((line) => `| ${mark(line)} | ${cell(line.id)} | ${cell(line.title)} | ${cell(line.status)} | ${line.tests} | ${cell(line.evidence)} | ${cell(line.problem ?? line.warning ?? "")} |`);
  return [`## ${cell(heading)}`, "", cell(headline), "", "| | ID | Title | Status | Tests | Evidence | Notes |", "|---|---|---|---|---|---|---|", ...rows, ""].join("\n") + "\n";
}

/** A matrix row as a summary line: not approved (or no longer verifying) is a problem; the rest of what must not be missed is a warning. */
export function matrixSummaryLine(row: DeepReadonly<TraceRow>): SummaryLine {
  const warnings: string[] = [];
  if (row.status === "approved" && row.gates.green?.evidence === "exit-code") warnings.push("approved on the exit code only");
  const known = (row.knownFailures ?? []).filter((failure) => failure.fixedAt === undefined).length;
  if (known) warnings.push(`${known} known failure(s)`);
  if ((row.flakyTests ?? []).length) warnings.push(`${row.flakyTests!.length} flaky test(s)`);
  if (row.changedSinceApproval) warnings.push("changed since approval");
  const problem = row.status === "removed" ? undefined : row.status !== "approved" ? `not approved: ${row.status}` : row.verification && !row.verification.holds ? `no longer verifies: ${row.verification.reasons.join("; ")}` : undefined;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    tests: row.tests.names.length,
    evidence: row.gates.green?.evidence ?? "-",
    ...(problem !== undefined ? { problem } : {}),
    ...(warnings.length ? { warning: warnings.join("; ") } : {}),
  };
}

/** Appends to the file GitHub Actions names in GITHUB_STEP_SUMMARY; nothing when it is not set. */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  appendFileSync(file, markdown, "utf8");
  return file;
}
