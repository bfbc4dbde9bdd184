import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { Evidence, TraceRow } from "../domain/traceability.js";
import type { GateExecution } from "./gate-runner.js";
import { judgeLockedLedger, type Tolerance } from "./locked-ledger.js";

export interface IntegrationVerdict {
  passed: boolean;
  evidence: Evidence;
  summary: string;
  /** Locked tests not passed, or gone (for the backend the requirement goes back to). */
  tests: string[];
  /** Locked test files the merged tree no longer holds as recorded. */
  changedTests: string[];
  /** Every test reported passed: the requirement's ledger once it is integrated. */
  passedNames: string[];
}

/**
 * The integration gate: the whole suite on the requirement merged with the integration head, judged
 * like a green gate over every locked test of every approved requirement the merged tree holds (`rows`:
 * the requirement's own row first, then those). The harness is not compared: the merge that changed it
 * was greenlight's, of two sides whose harness each passed its own gates.
 */
export function judgeIntegrationGate(requirement: string, rows: readonly DeepReadonly<TraceRow>[], gate: GateExecution, files: Readonly<Record<string, string>>, tolerance: Tolerance = {}): IntegrationVerdict {
  const { changedTests, ledger } = judgeLockedLedger(rows, requirement, gate, files, tolerance);
  const tests = [...new Set([...ledger.shortfalls.map((shortfall) => shortfall.name), ...ledger.disappeared])];
  if (changedTests.length > 0) {
    const summary = `the merged tree changed locked test file(s) ${changedTests.join(", ")} (the merge took another requirement's version, or this branch changed them); ${ledger.reason}`;
    return { passed: false, evidence: ledger.evidence, summary, tests, changedTests, passedNames: ledger.passedNames };
  }
  return { passed: ledger.passed, evidence: ledger.evidence, summary: ledger.reason, tests, changedTests, passedNames: ledger.passedNames };
}
