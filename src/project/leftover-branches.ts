import { gitOutput, runGit, type RepoContext } from "./repo-git.js";
import { branchRequirement } from "./requirement-branch.js";

/** greenlight's requirement branches (greenlight/*) that no worktree has checked out, by requirement. */
export async function branchesWithoutWorktree(context: RepoContext): Promise<Map<string, string>> {
  const listing = await gitOutput(context, ["for-each-ref", "--format=%(refname:short)%00%(worktreepath)", "refs/heads/greenlight/"], { stdoutOnly: true });
  const found = new Map<string, string>();
  for (const line of listing.split("\n")) {
    const [branch = "", worktree = ""] = line.split("\0");
    const requirement = branchRequirement(branch);
    if (requirement !== undefined && worktree === "") found.set(requirement, branch);
  }
  return found;
}

/**
 * Deletes a requirement's branch left behind after its integration (a run killed between removing the
 * worktree and deleting the branch), only when its files are exactly those of the integrated commit:
 * nothing on it is lost. True when it was deleted.
 */
export async function deleteIntegratedBranch(context: RepoContext, branch: string, integrated: string): Promise<boolean> {
  const same = await runGit(context, ["diff", "--quiet", integrated, branch, "--"]);
  if (same.exitCode !== 0) return false;
  return (await runGit(context, ["branch", "-D", branch])).exitCode === 0;
}
