import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import type { GateExecution } from "./gate-runner.js";
import { changedLockedTests, lockedRows, previouslyPassed } from "./test-contract.js";
import { judgeGreenLedger, type BaselineView, type LedgerVerdict } from "./test-ledger.js";

/** What a gate tolerates: failures before this work (the baseline) and tests confirmed flaky by a re-run. */
export interface Tolerance {
  baseline?: BaselineView;
  flaky?: ReadonlySet<string>;
}

export interface LockedLedger {
  /** Locked test files whose content no longer has its recorded digest. */
  changedTests: string[];
  ledger: LedgerVerdict;
}

/**
 * A gate that must pass every locked test, judged over the matrix rows whose locks hold while `current`
 * is worked on (its own, then every approved one's): the contract's digests against the files now, and
 * the ledger of the run's per-test results.
 */
export function judgeLockedLedger(rows: readonly DeepReadonly<TraceRow>[], current: string, gate: GateExecution, files: Readonly<Record<string, string>>, tolerance: Tolerance = {}): LockedLedger {
  const locked = lockedRows(rows, current);
  const changedTests = [...new Set(locked.flatMap((row) => changedLockedTests(row.tests.digests, files)))].sort();
  const ledger = judgeGreenLedger({
    exitCode: gate.run.exitCode,
    results: gate.results,
    locked: locked.map((row) => ({ requirement: row.id, files: row.tests.files, names: row.tests.names })),
    texts: files,
    previouslyPassed: previouslyPassed(rows),
    ...tolerance,
  });
  return { changedTests, ledger };
}
