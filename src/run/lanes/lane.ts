import type { Requirement } from "../../domain/requirement.js";
import type { RepoContext } from "../../project/repo-git.js";
import type { RequirementWorktree } from "../../project/requirement-branch.js";
import type { PipelinePorts } from "../../workflow/requirement-pipeline.js";
import type { RunDeps } from "../run-deps.js";
import type { Workplace } from "../workplace.js";

/** One requirement at work in its own worktree: what its pipeline and its integration act on. */
export interface Lane {
  requirement: Requirement;
  /** The run's means with the lane's folder, lock, git and agents. */
  deps: RunDeps;
  worktree: RequirementWorktree;
  /** git in the person's project (their branch moves here). */
  repo: RepoContext;
  place: Workplace;
  ports: PipelinePorts;
  /** Requirements integrated before this lane branched or last merged: their tests are in its worktree. */
  visible: Set<string>;
}

export type LaneEnd = "integrated" | "blocked" | "interrupted" | "waiting";
