import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { isAncestor } from "../project/repository-state.js";
import type { RepoContext } from "../project/repo-git.js";
import type { TestLock } from "../gates/test-lock.js";

/**
 * The requirements whose work a worktree holds: approved before parallel runs (their work was committed
 * before this one could start), and those integrated into a commit the worktree's branch contains.
 */
export async function requirementsIn(repo: RepoContext, worktree: string, rows: readonly DeepReadonly<TraceRow>[], own: string): Promise<Set<string>> {
  const held = new Set<string>();
  for (const row of rows) {
    if (row.id === own || row.status !== "approved") continue;
    const commit = row.integration?.commit;
    if (!row.integration || (commit !== undefined && row.integration.state === "integrated" && (await isAncestor(repo, commit, "HEAD", worktree)))) held.add(row.id);
  }
  return held;
}

/** Locks the lane's own tests and harness and the tests of every requirement its worktree holds. */
export function lockLane(lock: TestLock, rows: readonly DeepReadonly<TraceRow>[], own: string, held: ReadonlySet<string>): void {
  for (const row of rows) if (row.id === own || held.has(row.id)) lock.lock(row.tests.files);
  const harness = rows.find((row) => row.id === own)?.tests.harness;
  if (harness) lock.lockHarness(harness);
}
