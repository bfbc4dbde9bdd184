import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";

type Row = DeepReadonly<TraceRow>;

/** What a locked test did at one gate, as far as the record shows it. */
export type GateOutcome = "failed as required" | "passed" | "failed" | "exit code only" | "gate refused" | "not run";

export interface LockedTestResult {
  name: string;
  red: GateOutcome;
  green: GateOutcome;
  integration: GateOutcome;
  verify: GateOutcome;
}

/**
 * Each locked test by name at each gate. An accepted red gate means every locked test failed by name; the
 * green gate's ledger holds the tests it saw pass by name; an integration gate names the tests it saw fail;
 * a verification names the tests it found failing or missing. Nothing is shown as passed without a record
 * naming it.
 */
export function lockedTestResults(row: Row, failedAtIntegration: ReadonlySet<string>): LockedTestResult[] {
  const { red, green } = row.gates;
  const ledger = new Set(row.ledger?.passed ?? []);
  const redOutcome = (): GateOutcome => (red === undefined ? "not run" : red.evidence === "exit-code" ? "exit code only" : red.passed === false ? "gate refused" : "failed as required");
  const greenOutcome = (name: string): GateOutcome => {
    if (green === undefined) return "not run";
    if (ledger.has(name)) return "passed";
    if (green.evidence === "exit-code") return "exit code only";
    return "failed";
  };
  const integrationOutcome = (name: string): GateOutcome => {
    const gate = row.integrationGate;
    if (gate === undefined) return "not run";
    if (failedAtIntegration.has(name)) return "failed";
    if (gate.evidence === "exit-code") return "exit code only";
    return gate.passed === false ? "failed" : "passed";
  };
  const verifyOutcome = (name: string): GateOutcome => {
    const verification = row.verification;
    if (verification === undefined) return "not run";
    return verification.reasons.some((reason) => reason.endsWith(`: ${name}`)) ? "failed" : "passed";
  };
  return row.tests.names.map((name) => ({ name, red: redOutcome(), green: greenOutcome(name), integration: integrationOutcome(name), verify: verifyOutcome(name) }));
}
