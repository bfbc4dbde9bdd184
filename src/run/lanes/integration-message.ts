import type { DeepReadonly } from "../../domain/deep-readonly.js";
import type { Requirement } from "../../domain/requirement.js";
import type { GateRun, TraceRow } from "../../domain/traceability.js";

function gateLine(name: string, gate: DeepReadonly<GateRun> | undefined): string {
  if (!gate) return `${name}: not run`;
  return `${name}: exit ${gate.exitCode ?? "signal"}, ${gate.summary.replace(/\s+/g, " ").slice(0, 300)} (${gate.evidence ?? "unknown evidence"}, ${gate.at})`;
}

/**
 * The message of the one commit a requirement lands as on the person's branch: what it is, and the
 * evidence that let it in (its tests, the three gates, the review), so `git log` alone tells the story.
 */
export function integrationMessage(requirement: DeepReadonly<Requirement>, row: DeepReadonly<TraceRow>, integrationGate: DeepReadonly<GateRun>, branch: string, stages: readonly string[]): string {
  const review = row.reviews.at(-1);
  const lines = [
    `${requirement.id}: ${requirement.title}`,
    "",
    "Integrated by greenlight through its merge queue.",
    "",
    `Tests: ${row.tests.files.join(", ") || "none"}`,
    ...(row.tests.names.length > 0 ? [`Test names: ${row.tests.names.slice(0, 20).join("; ")}${row.tests.names.length > 20 ? ` and ${row.tests.names.length - 20} more` : ""}`] : []),
    `Code: ${row.code.join(", ") || "none"}`,
    gateLine("Red gate", row.gates.red),
    gateLine("Green gate", row.gates.green),
    gateLine("Integration gate", integrationGate),
    review ? `Review: ${review.verdict} by ${review.by}: ${review.summary.replace(/\s+/g, " ").slice(0, 300)}` : "Review: none",
    ...(row.tamperAttempts ? [`Tamper attempts refused: ${row.tamperAttempts}`] : []),
    "",
    `Stages on ${branch}:`,
    ...stages.map((stage) => `  ${stage}`),
    "",
    `Greenlight-Requirement: ${requirement.id}`,
    `Greenlight-Branch: ${branch}`,
  ];
  return `${lines.join("\n")}\n`;
}
