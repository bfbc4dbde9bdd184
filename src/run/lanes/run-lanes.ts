import type { Requirement } from "../../domain/requirement.js";
import { worktreeHome } from "../../project/worktree-home.js";
import { requirementWorktrees, type RequirementWorktrees } from "../../project/requirement-worktree.js";
import { linkedDependencies } from "../../project/dependency-links.js";
import { branchesWithoutWorktree, deleteIntegratedBranch } from "../../project/leftover-branches.js";
import type { RepoContext } from "../../project/repo-git.js";
import type { LaneEnd } from "./lane.js";
import { MergeQueue } from "./merge-queue.js";
import type { LaneMeans, RunDeps } from "../run-deps.js";
import { blockLane, removeIntegratedWorktree, runLane } from "./run-lane.js";
import { summarize, type RunSummary } from "../run-summary.js";
import { Slots } from "../slots.js";

/**
 * Worktrees and branches of requirements already integrated, which a run killed between recording the
 * integration and removing them left behind: removed now, through git, a worktree only when nothing in it
 * is uncommitted and a branch only when it holds exactly the integrated files.
 */
async function removeIntegratedLeftovers(deps: RunDeps, repo: RepoContext, worktrees: RequirementWorktrees): Promise<void> {
  const rows = deps.store.snapshot().matrix.requirements;
  for (const listed of await worktrees.list()) {
    const row = rows.find((candidate) => candidate.id === listed.requirement);
    if (row?.integration?.state !== "integrated") continue;
    await removeIntegratedWorktree(deps, worktrees, { ...listed, links: await linkedDependencies(listed.path) });
  }
  for (const [requirement, branch] of await branchesWithoutWorktree(repo)) {
    const integration = rows.find((candidate) => candidate.id === requirement)?.integration;
    if (integration?.state === "integrated" && integration.commit !== undefined) await deleteIntegratedBranch(repo, branch, integration.commit);
  }
}

/**
 * A parallel run: every open requirement gets a lane once the requirements it depends on are
 * integrated; up to `parallel` lanes work at once, taking their turn in spec order; approved lanes
 * integrate one at a time through the merge queue. A blocked lane waits for the person (when there is
 * one) without holding a slot.
 */
export async function runInLanes(deps: RunDeps, means: LaneMeans): Promise<RunSummary> {
  const open = deps.store.snapshot().taskList.requirements.filter((requirement) => !requirement.removed) as Requirement[];
  const slots = new Slots(deps.config.parallel);
  const queue = new MergeQueue((entries) => deps.bus.publish({ type: "merge_queue", entries }));
  const home = worktreeHome(deps.projectDir, deps.config.worktreeDir, process.env);
  const worktrees = requirementWorktrees(means.checkout.repo);
  await removeIntegratedLeftovers(deps, means.checkout.repo, worktrees);
  const ends = new Map<string, Promise<LaneEnd>>();

  const waitFor = async (requirement: Requirement): Promise<string | undefined> => {
    for (const dependency of requirement.dependsOn ?? []) {
      const end = await ends.get(dependency);
      if (end !== undefined && end !== "integrated") return `${requirement.id} waits for ${dependency} (${end}): it starts once ${dependency} is integrated`;
    }
    return undefined;
  };

  const settle = async (requirement: Requirement): Promise<LaneEnd> => {
    await Promise.resolve();
    const waiting = await waitFor(requirement);
    if (waiting) {
      deps.bus.publish({ type: "log", level: "info", message: waiting }, requirement.id);
      return "waiting";
    }
    let answer: string | undefined;
    for (;;) {
      let give: () => void;
      try {
        give = await slots.take(deps.signal);
      } catch {
        return "interrupted";
      }
      let end: LaneEnd;
      try {
        end = await runLane(deps, means, { requirement, home, queue, worktrees, ...(answer !== undefined ? { answer } : {}) });
      } catch (error) {
        // git or the disk failed under one lane (a lock file, a full disk): that requirement waits, the others go on.
        end = await blockLane(deps, requirement, error as Error);
      } finally {
        give();
      }
      if (end !== "blocked" || !deps.person || deps.signal.aborted) return end;
      const task = deps.store.snapshot().taskList.tasks.find((candidate) => candidate.requirement === requirement.id)!;
      const reply = await deps.person.inbox.ask({ kind: "escalation", requirement: requirement.id, text: task.blockedReason ?? "blocked" }, deps.signal);
      if (reply?.kind !== "answer") return reply === undefined ? "interrupted" : "blocked";
      answer = reply.text;
    }
  };

  for (const requirement of open) ends.set(requirement.id, settle(requirement));
  const results = await Promise.all(ends.values());
  return summarize(deps, open, deps.signal.aborted || results.includes("interrupted"));
}
