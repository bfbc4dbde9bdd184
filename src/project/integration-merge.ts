import { isAncestor } from "./repository-state.js";
import { gitLine, gitPaths, GitCommandError, runGit, type RepoContext } from "./repo-git.js";
import type { RequirementWorktree } from "./requirement-branch.js";

export type IntegrationMerge =
  | { kind: "merged"; commit: string }
  | { kind: "up_to_date" }
  /** The merge stays under way in the worktree, conflict markers in `files`, for the backend agent to resolve. */
  | { kind: "conflict"; files: string[] };

/**
 * Brings the integration head into a requirement's branch with a merge commit (not a rebase: the stage
 * commits stay as they were, the evidence they are, and a conflict is resolved once, in one commit).
 * The worktree's work is committed first (commitAll): git refuses to merge over uncommitted changes, and
 * that refusal is thrown.
 */
export async function mergeIntegrationHead(context: RepoContext, worktree: RequirementWorktree, head: string): Promise<IntegrationMerge> {
  const cwd = worktree.path;
  if (await isAncestor(context, head, "HEAD", cwd)) return { kind: "up_to_date" };
  const short = await gitLine(context, ["rev-parse", "--short", head], { cwd });
  const args = ["merge", "--no-ff", "--no-edit", "--no-verify", "-m", `${worktree.requirement}: merge of the integration head ${short}`, head];
  const merged = await runGit(context, args, { cwd });
  if (merged.exitCode === 0) return { kind: "merged", commit: await gitLine(context, ["rev-parse", "HEAD"], { cwd }) };
  const files = await gitPaths(context, ["diff", "--name-only", "-z", "--diff-filter=U"], { cwd });
  if (files.length === 0) throw new GitCommandError(args, merged);
  return { kind: "conflict", files };
}

/**
 * One commit on top of `onto` holding the worktree's committed files: the requirement's stage commits
 * squashed into what the user's branch receives.
 */
export async function squashOnto(context: RepoContext, worktree: RequirementWorktree, onto: string, message: string): Promise<string> {
  const cwd = worktree.path;
  const tree = await gitLine(context, ["rev-parse", "HEAD^{tree}"], { cwd });
  return gitLine(context, ["commit-tree", tree, "-p", onto, "-m", message], { cwd });
}

export type CheckoutMove = { moved: true } | { moved: false; reason: string };

/**
 * Moves the user's checked-out branch forward to `commit`, a descendant of its HEAD, updating their
 * working copy. Git refuses, and nothing moves, rather than overwrite a change of theirs; so does this
 * when their branch moved on meanwhile.
 */
export async function advanceCheckout(context: RepoContext, commit: string): Promise<CheckoutMove> {
  if (!(await isAncestor(context, "HEAD", commit))) return { moved: false, reason: `${commit.slice(0, 12)} does not descend from the checked-out branch's HEAD (it moved meanwhile).` };
  // Git refuses to overwrite an untracked file but silently replaces an ignored one (a .env, a local config).
  const arriving = await gitPaths(context, ["diff", "--name-only", "-z", "--no-renames", "HEAD", commit]);
  const untracked = arriving.length === 0 ? [] : await gitPaths(context, ["ls-files", "-z", "--others", "--", ...arriving.map((path) => `:(literal)${path}`)]);
  if (untracked.length > 0) return { moved: false, reason: `it would overwrite ${untracked.join(", ")} in your folder, which git does not track (untracked or ignored).` };
  const result = await runGit(context, ["merge", "--ff-only", "--no-verify", "-q", commit]);
  if (result.exitCode === 0) return { moved: true };
  return { moved: false, reason: result.output.trim() || `git merge --ff-only exited with ${result.exitCode ?? result.signal}` };
}

