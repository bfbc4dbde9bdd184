import { gitOutput, type RepoContext } from "./repo-git.js";
import type { RequirementWorktree } from "./requirement-branch.js";

/**
 * The requirement's own commits on its branch since it left `head` (its first-parent line: a merge of the
 * integration head is one entry, and a conflict its backend resolved is that stage's commit), oldest first, one "<short> <subject>" line each: the stage-by-stage story its integration commit
 * keeps once the branch is gone.
 */
export async function stageLog(context: RepoContext, worktree: RequirementWorktree, head: string): Promise<string[]> {
  const log = await gitOutput(context, ["log", "--reverse", "--first-parent", "--format=%h %s", `${head}..HEAD`], { cwd: worktree.path, stdoutOnly: true });
  return log.split("\n").filter((line) => line.trim() !== "");
}
