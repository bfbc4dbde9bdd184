import { withoutLinks } from "./dependency-links.js";
import { gitLine, gitOutput, gitPaths, runGit, type RepoContext } from "./repo-git.js";
import type { RequirementWorktree } from "./requirement-branch.js";

const MAX_DIFF_BYTES = 100_000;

/** Whether a merge is under way in the worktree (stopped on a conflict, or resolved and not yet committed). */
export async function mergeInProgress(context: RepoContext, worktree: RequirementWorktree): Promise<boolean> {
  return (await runGit(context, ["rev-parse", "-q", "--verify", "MERGE_HEAD"], { cwd: worktree.path, stdoutOnly: true })).exitCode === 0;
}

/** Anything in the worktree not in its branch: changed or new files (not ignored ones, not the links), or a merge under way. */
export async function hasUncommittedWork(context: RepoContext, worktree: RequirementWorktree): Promise<boolean> {
  const changed = await gitPaths(context, ["status", "--porcelain=v1", "-z", "--untracked-files=normal", "--", ".", ...withoutLinks(worktree.links)], { cwd: worktree.path });
  return changed.length > 0 || (await mergeInProgress(context, worktree));
}

/**
 * Commits everything in the worktree (new files and deletions too, the dependency links left out) as
 * evidence of a stage; a stage that changed nothing still leaves its commit. A merge under way is
 * finished by it, its files as they are (conflict markers included). Returns the commit id.
 */
export async function commitAll(context: RepoContext, worktree: RequirementWorktree, message: string): Promise<string> {
  const cwd = worktree.path;
  await gitOutput(context, ["add", "-A", "--", ".", ...withoutLinks(worktree.links)], { cwd });
  await gitOutput(context, ["commit", "-q", "--allow-empty", "--no-verify", "-m", message], { cwd });
  return gitLine(context, ["rev-parse", "HEAD"], { cwd });
}

/** Where the worktree's branch departs from `head`. */
export function mergeBase(context: RepoContext, worktree: RequirementWorktree, head: string): Promise<string> {
  return gitLine(context, ["merge-base", "HEAD", head], { cwd: worktree.path });
}

/**
 * The diff of the worktree's committed work since `base`, with no external diff drivers or text
 * conversions the project could configure; capped (head and tail kept) like the reviewer's other diffs.
 */
export function diffSince(context: RepoContext, worktree: RequirementWorktree, base: string): Promise<string> {
  return gitOutput(context, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", base, "HEAD"], { cwd: worktree.path, maxOutputBytes: MAX_DIFF_BYTES, stdoutOnly: true });
}

/** The files the worktree's committed work changed since `base`, relative to the repository's top. */
export function changedSince(context: RepoContext, worktree: RequirementWorktree, base: string): Promise<string[]> {
  return gitPaths(context, ["diff", "--name-only", "-z", "--no-renames", base, "HEAD"], { cwd: worktree.path });
}
