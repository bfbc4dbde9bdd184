import { appendFileSync } from "node:fs";

/** One requirement's line in a CI step summary. */
export interface SummaryLine {
  id: string;
  title: string;
  status: string;
  /** The cell saying why it fails; absent when the row holds. */
  problem?: string;
  tests: number;
  evidence: string;
}

function cell(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@\u200b");
}

/** Markdown for GitHub's job summary: a headline, then the matrix with the rows that fail first. */
export function stepSummary(heading: string, headline: string, lines: readonly SummaryLine[]): string {
  const ordered = [...lines.filter((line) => line.problem !== undefined), ...lines.filter((line) => line.problem === undefined)];
  const rows = ordered.map((line) => `| ${line.problem !== undefined ? "❌" : "✅"} | ${cell(line.id)} | ${cell(line.title)} | ${cell(line.status)} | ${line.tests} | ${cell(line.evidence)} | ${cell(line.problem ?? "")} |`);
  return [`## ${cell(heading)}`, "", cell(headline), "", "| | ID | Title | Status | Tests | Evidence | Problem |", "|---|---|---|---|---|---|---|", ...rows, ""].join("\n") + "\n";
}

/** Appends to the file GitHub Actions names in GITHUB_STEP_SUMMARY; nothing when it is not set. */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  appendFileSync(file, markdown, "utf8");
  return file;
}
