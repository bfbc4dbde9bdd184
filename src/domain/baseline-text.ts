import type { DeepReadonly } from "./deep-readonly.js";
import type { TraceRow } from "./traceability.js";

/**
 * A row's baseline facts in words, the same in `greenlight matrix` and the workspace's matrix: the tests
 * failing before this work (and those since fixed), and the tests that passed only on re-run.
 */
export function baselineNotes(row: DeepReadonly<TraceRow>): string[] {
  const failing = (row.knownFailures ?? []).filter((failure) => failure.fixedAt === undefined).map((failure) => failure.test);
  const fixed = (row.knownFailures ?? []).filter((failure) => failure.fixedAt !== undefined).map((failure) => failure.test);
  const flaky = (row.flakyTests ?? []).map((entry) => `${entry.test} (re-run in ${entry.times} gate run${entry.times === 1 ? "" : "s"}${entry.locked ? `; a locked test of ${row.id}: passed only to the reviewer's and your attention` : ""})`);
  return [
    failing.length ? `${row.id} failing before this work (not counted as passed): ${failing.join(", ")}` : "",
    fixed.length ? `${row.id} fixed (failing before this work, passing now): ${fixed.join(", ")}` : "",
    flaky.length ? `${row.id} flaky (passed only on re-run): ${flaky.join(", ")}` : "",
  ].filter(Boolean);
}
