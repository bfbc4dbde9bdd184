import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { integrationLabel, shortCommit } from "../domain/integration-text.js";

type Row = DeepReadonly<TraceRow>;

export const INTEGRATION_HEADER = ["BRANCH", "INTEGRATED"] as const;

/** Only a parallel run gives rows an integration: a sequential run's matrix keeps its columns. */
export function hasIntegration(rows: readonly Row[]): boolean {
  return rows.some((row) => row.integration !== undefined);
}

/**
 * The requirement's branch, and the commit on the person's branch that holds it (short, with the branch
 * it went into); until then, where it stands in the merge queue ("queued", "sent back").
 */
export function integrationCells(row: Row): [string, string] {
  const integration = row.integration;
  if (!integration) return ["-", "-"];
  if (!integration.commit) return [integration.branch, integrationLabel(integration)];
  const into = integration.into ? ` into ${integration.into}` : "";
  return [integration.branch, `${shortCommit(integration.commit)}${into}`];
}
