import type { DeepReadonly } from "../../domain/deep-readonly.js";
import type { TraceRow } from "../../domain/traceability.js";
import { changedLockedTests } from "../../gates/test-contract.js";
import type { TestLock } from "../../gates/test-lock.js";
import { readSnapshotText } from "../../project/project-snapshot.js";
import type { RepoContext } from "../../project/repo-git.js";
import { isAncestor } from "../../project/repository-state.js";
import { join } from "node:path";
import type { Lane } from "./lane.js";

/** Whether the worktree's branch (or a merge under way into it) holds the commit; false when git does not know it. */
async function holdsCommit(repo: RepoContext, worktree: string, commit: string): Promise<boolean> {
  for (const tip of ["HEAD", "MERGE_HEAD"]) {
    if (await isAncestor(repo, commit, tip, worktree).catch(() => false)) return true;
  }
  return false;
}

/** Whether the worktree holds the row's locked test files as they were recorded (when its commit can no longer be found). */
async function holdsTests(worktree: string, row: DeepReadonly<TraceRow>): Promise<boolean> {
  const digests = row.tests.digests ?? {};
  const files = Object.keys(digests);
  if (files.length === 0) return false;
  const texts: Record<string, string> = {};
  for (const file of files) {
    const text = await readSnapshotText(join(worktree, file));
    if (text !== undefined) texts[file] = text;
  }
  return changedLockedTests(digests, texts).length === 0;
}

/**
 * The requirements whose work a worktree holds: approved before parallel runs (their work was committed
 * before this one could start), and those integrated into a commit the worktree's branch contains, or
 * whose locked tests it holds as recorded (the person may have rewritten their branch since: a rebase or
 * an amend gives the integrated commit a new id, and its tests must stay locked all the same).
 */
async function requirementsIn(repo: RepoContext, worktree: string, rows: readonly DeepReadonly<TraceRow>[], own: string): Promise<Set<string>> {
  const held = new Set<string>();
  for (const row of rows) {
    if (row.id === own || row.status !== "approved") continue;
    const integration = row.integration;
    if (!integration) held.add(row.id);
    else if (integration.state === "integrated" && integration.commit !== undefined) {
      if ((await holdsCommit(repo, worktree, integration.commit)) || (await holdsTests(worktree, row))) held.add(row.id);
    }
  }
  return held;
}

/** Locks the lane's own tests and harness and the tests of every requirement its worktree holds. */
function lockLane(lock: TestLock, rows: readonly DeepReadonly<TraceRow>[], own: string, held: ReadonlySet<string>): void {
  for (const row of rows) if (row.id === own || held.has(row.id)) lock.lock(row.tests.files);
  const harness = rows.find((row) => row.id === own)?.tests.harness;
  if (harness) lock.lockHarness(harness);
}

/** After the lane's branch changed (it started, or took in a head): which requirements it holds, their tests locked. */
export async function refreshHeld(lane: Lane): Promise<void> {
  const id = lane.requirement.id;
  const rows = lane.deps.store.snapshot().matrix.requirements;
  lane.visible = await requirementsIn(lane.repo, lane.worktree.path, rows, id);
  lockLane(lane.place.lock, rows, id, lane.visible);
}
