import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { Requirement } from "../domain/requirement.js";
import type { TraceRow } from "../domain/traceability.js";
import { attentionItems, type AttentionItem } from "./attention.js";
import type { ReportInput } from "./report-input.js";
import { runFacts, type GateFact, type IntegrationFact, type RunFacts, type SessionFact, type TamperFact } from "./run-facts.js";

/** One requirement with everything the report says about it. */
export interface RequirementView {
  row: DeepReadonly<TraceRow>;
  requirement?: DeepReadonly<Requirement>;
  sessions: SessionFact[];
  gates: GateFact[];
  tampers: TamperFact[];
  integrations: IntegrationFact[];
  attention: AttentionItem[];
  costUsd: number;
  /** Time agents and gates spent on it (sessions plus gate runs). */
  workMs: number;
  diff?: string;
}

export interface ReportView {
  input: ReportInput;
  facts: RunFacts;
  requirements: RequirementView[];
  attention: AttentionItem[];
}

export function reportView(input: ReportInput): ReportView {
  const facts = runFacts(input.runs);
  const attention = attentionItems(input.rows);
  const requirements = input.rows.map((row): RequirementView => {
    const sessions = facts.sessions.filter((session) => session.requirement === row.id);
    const gates = facts.gates.filter((gate) => gate.requirement === row.id);
    const requirement = input.requirements.find((candidate) => candidate.id === row.id);
    const diff = input.diffs.get(row.id);
    return {
      row,
      ...(requirement ? { requirement } : {}),
      sessions,
      gates,
      tampers: facts.tampers.filter((tamper) => tamper.requirement === row.id),
      integrations: facts.integrations.filter((integration) => integration.requirement === row.id),
      attention: attention.filter((item) => item.requirement === row.id),
      costUsd: sessions.reduce((sum, session) => sum + session.costUsd, 0),
      workMs: sessions.reduce((sum, session) => sum + session.durationMs, 0) + gates.reduce((sum, gate) => sum + gate.durationMs, 0),
      ...(diff !== undefined ? { diff } : {}),
    };
  });
  return { input, facts, requirements, attention };
}
