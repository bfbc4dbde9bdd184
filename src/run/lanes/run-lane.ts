import type { Requirement } from "../../domain/requirement.js";
import { shortCommit } from "../../domain/integration-text.js";
import type { OpenedWorktree, RequirementWorktrees } from "../../project/requirement-worktree.js";
import type { RequirementWorktree } from "../../project/requirement-branch.js";
import { commitAll } from "../../project/worktree-commits.js";
import { currentCheckout } from "../../project/repository-state.js";
import { createPipelinePorts } from "../pipeline-ports.js";
import { integrateLane } from "./integrate-lane.js";
import type { Lane, LaneEnd } from "./lane.js";
import { createLanePorts } from "./lane-ports.js";
import { refreshHeld } from "./lane-visibility.js";
import type { MergeQueue } from "./merge-queue.js";
import type { LaneMeans, RunDeps } from "../run-deps.js";
import { runOne } from "../run-one.js";

export interface LaneRequest {
  requirement: Requirement;
  /** Where the run's worktrees live (outside the project). */
  home: string;
  queue: MergeQueue;
  /** The project's requirement worktrees (git's worktree commands one at a time). */
  worktrees: RequirementWorktrees;
  /** A person's answer to the requirement's escalation: the blocked stage starts again with it. */
  answer?: string;
}

/** A requirement done before this run: approved before parallel runs, or integrated already. */
function alreadyIn(deps: RunDeps, id: string): boolean {
  const { matrix, taskList } = deps.store.snapshot();
  const row = matrix.requirements.find((candidate) => candidate.id === id);
  const task = taskList.tasks.find((candidate) => candidate.requirement === id);
  if (!row || !task) return true;
  return row.integration ? row.integration.state === "integrated" : task.status === "approved";
}

async function blockUnstarted(deps: RunDeps, requirement: Requirement, reason: string): Promise<LaneEnd> {
  const ports = createPipelinePorts(deps, requirement, deps.git);
  await ports.transition("blocked", reason, ports.task().attempts, ports.task().owner);
  return "blocked";
}

/** A lane that failed for a reason outside the workflow: the requirement waits (its worktree and branch kept), with what happened. */
export async function blockLane(deps: RunDeps, requirement: Requirement, error: Error): Promise<LaneEnd> {
  deps.bus.publish({ type: "log", level: "error", message: `${requirement.id}: ${error.message}` }, requirement.id);
  if (deps.signal.aborted) return "interrupted";
  return blockUnstarted(deps, requirement, `greenlight could not go on with ${requirement.id}: ${error.message} (its worktree and branch are kept; run again to resume)`);
}

/**
 * Takes one requirement through its pipeline in its own worktree and branch, then through the merge
 * queue, back to its backend as often as integration sends it (bounded), until it is integrated, blocked
 * or the run is interrupted. Its worktree is removed only through git, once the branch is integrated.
 */
export async function runLane(deps: RunDeps, means: LaneMeans, request: LaneRequest): Promise<LaneEnd> {
  const { requirement } = request;
  const id = requirement.id;
  if (alreadyIn(deps, id)) return "integrated";
  const repo = means.checkout.repo;
  let worktree: OpenedWorktree;
  try {
    const head = await currentCheckout(repo);
    worktree = await request.worktrees.open({ requirement: id, base: head!.head, home: request.home, ...(deps.config.worktreeSetup ? { setup: deps.config.worktreeSetup } : {}) });
  } catch (error) {
    return blockUnstarted(deps, requirement, `could not prepare ${id}'s worktree: ${(error as Error).message}`);
  }
  const place = await means.open({ dir: worktree.path, requirementNow: () => id, gitExclude: worktree.links, lane: id });
  try {
    const laneDeps: RunDeps = { ...deps, projectDir: worktree.path, lock: place.lock, git: place.git, runAgent: place.agentRunner.runStage };
    const ports = createLanePorts({
      deps: laneDeps,
      requirement,
      slots: means.slots,
      visible: () => lane.visible,
      commit: (message) => commitAll(repo, worktree, message),
    });
    const lane: Lane = { requirement, deps: laneDeps, worktree, repo, place, visible: new Set(), ports };
    if (!lane.ports.row().integration || request.answer !== undefined) {
      await lane.ports.updateRow((row) => {
        row.integration = { ...(row.integration ?? { state: "working" as const }), branch: worktree.branch, attempts: 0, state: "working" };
      });
    }
    deps.bus.publish({ type: "lane_started", requirement: id, branch: worktree.branch, worktree: worktree.path, resumed: worktree.resumed }, id);
    if (worktree.recovered) deps.bus.publish({ type: "log", level: "warn", message: `${id}: work left uncommitted by an interrupted run was committed as ${shortCommit(worktree.recovered)} on ${worktree.branch}` }, id);
    deps.onRequirementStarted?.(id);
    let answer = request.answer;
    for (;;) {
      await refreshHeld(lane);
      await retryIntegration(lane, answer);
      if (lane.ports.task().status !== "approved") {
        const end = await runOne(laneDeps, lane.ports, answer);
        answer = undefined;
        if (end === "blocked" || end === "interrupted") return finish(lane, end, request.worktrees);
      }
      const integrated = await request.queue.integrate(id, (setState) => integrateLane(lane, setState));
      if (integrated !== "sent_back") return finish(lane, integrated, request.worktrees);
    }
  } finally {
    await place.close();
  }
}

/**
 * A block that came after approval (the integration could not land: the person's branch was switched, or
 * moving it would overwrite their files) is retried by a person's answer, and by the next run.
 */
async function retryIntegration(lane: Lane, answer: string | undefined): Promise<void> {
  const task = lane.ports.task();
  if (task.status !== "blocked") return;
  const blockedFrom = [...task.history].reverse().find((entry) => entry.to === "blocked")?.from;
  if (blockedFrom !== "approved") return;
  await lane.ports.transition("approved", answer === undefined ? "integrating again" : `the person answered: ${answer}; integrating again`, task.attempts, task.owner);
}

/** Removes an integrated requirement's worktree through git, or says why it stays. */
export async function removeIntegratedWorktree(deps: RunDeps, worktrees: RequirementWorktrees, worktree: RequirementWorktree): Promise<boolean> {
  const removed = await worktrees.remove(worktree);
  if (!removed) {
    const message = `${worktree.requirement} is integrated; its worktree ${worktree.path} was kept because it holds files git does not track (see git -C ${worktree.path} status)`;
    deps.bus.publish({ type: "log", level: "warn", message }, worktree.requirement);
  }
  return removed;
}

async function finish(lane: Lane, end: "integrated" | "blocked" | "interrupted", worktrees: RequirementWorktrees): Promise<LaneEnd> {
  const id = lane.requirement.id;
  const removed = end === "integrated" && (await removeIntegratedWorktree(lane.deps, worktrees, lane.worktree));
  lane.deps.bus.publish({ type: "lane_finished", requirement: id, outcome: end, worktreeRemoved: removed }, id);
  return end;
}
