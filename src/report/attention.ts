import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";

type Row = DeepReadonly<TraceRow>;

export type AttentionKind = "exit-code-only" | "known-failure" | "flaky" | "changed-since-approval" | "no-longer-verifies";

export interface AttentionItem {
  requirement: string;
  kind: AttentionKind;
  text: string;
}

export const ATTENTION_TITLES: Record<AttentionKind, string> = {
  "no-longer-verifies": "No longer verifies on the code as it is now",
  "changed-since-approval": "Requirement changed since it was approved",
  "exit-code-only": "Approved on the exit code only (no test was named)",
  "known-failure": "Known failures (failing before this work)",
  flaky: "Flaky tests (passed only on re-run)",
};

/** The facts a reader must not miss, the worst first: a report that buries them would lie by omission. */
export function attentionItems(rows: readonly Row[]): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const row of rows) {
    if (row.verification && !row.verification.holds) items.push({ requirement: row.id, kind: "no-longer-verifies", text: `verified ${row.verification.at}: ${row.verification.reasons.join("; ") || "does not hold"}` });
    if (row.changedSinceApproval) items.push({ requirement: row.id, kind: "changed-since-approval", text: `changed ${row.changedSinceApproval.at}; approved as "${row.changedSinceApproval.title}"` });
    if (row.status === "approved" && row.gates.green?.evidence === "exit-code") items.push({ requirement: row.id, kind: "exit-code-only", text: row.gates.green.summary });
    for (const known of row.knownFailures ?? []) if (known.fixedAt === undefined) items.push({ requirement: row.id, kind: "known-failure", text: `${known.test} (since ${known.since})` });
    for (const flaky of row.flakyTests ?? []) items.push({ requirement: row.id, kind: "flaky", text: `${flaky.test}: re-run needed in ${flaky.times} gate run(s)${flaky.locked ? ", a locked test" : ""}` });
  }
  const order = Object.keys(ATTENTION_TITLES);
  return items.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
