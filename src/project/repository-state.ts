import { gitLine, gitPaths, GitCommandError, runGit, type RepoContext } from "./repo-git.js";

/** The user's checkout: the branch a parallel run moves forward, and where it stands now. */
export interface Checkout {
  branch: string;
  head: string;
  /** The project folder's place inside the repository ("" at its top, else "sub/dir/"), the same in every worktree. */
  prefix: string;
}

/**
 * The user's checkout; undefined when the project is not in a git repository. Throws when there is no
 * branch to move forward: HEAD detached, or a repository without a commit yet.
 */
export async function currentCheckout(context: RepoContext): Promise<Checkout | undefined> {
  const inside = await runGit(context, ["rev-parse", "--is-inside-work-tree"], { stdoutOnly: true });
  if (inside.exitCode !== 0 || inside.output.trim() !== "true") return undefined;
  const head = await runGit(context, ["rev-parse", "-q", "--verify", "HEAD^{commit}"], { stdoutOnly: true });
  if (head.exitCode !== 0) throw new Error(`${context.projectDir} is a git repository without a commit yet: commit once (git commit), then run in parallel.`);
  const branch = await runGit(context, ["symbolic-ref", "-q", "--short", "HEAD"], { stdoutOnly: true });
  if (branch.exitCode !== 0) throw new Error(`${context.projectDir} has a detached HEAD: check out a branch (git switch <branch>) for the parallel run to move forward.`);
  const prefix = await gitLine(context, ["rev-parse", "--show-prefix"]);
  return { branch: branch.output.trim(), head: head.output.trim(), prefix };
}

/**
 * Tracked files with changes not committed, staged or not, relative to the repository's top; [] when
 * clean. Untracked files do not count: a parallel run never touches them.
 */
export async function uncommittedTrackedFiles(context: RepoContext): Promise<string[]> {
  const entries = await gitPaths(context, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--ignore-submodules=none"]);
  const files: string[] = [];
  for (let n = 0; n < entries.length; n++) {
    const entry = entries[n]!;
    files.push(entry.slice(3));
    // A rename or copy is followed by the path it came from.
    if (/^[RC]|^.[RC]/.test(entry)) n++;
  }
  return files;
}

/** Those of `files` (relative to the project) that HEAD does not hold. */
export async function filesNotCommitted(context: RepoContext, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const held = new Set(await gitPaths(context, ["ls-tree", "-r", "-z", "--name-only", "--full-name", "HEAD", "--", ...files.map((file) => `:(literal)${file}`)], { stdoutOnly: true }));
  return files.filter((file) => !held.has(file));
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(context: RepoContext, ancestor: string, descendant: string, cwd?: string): Promise<boolean> {
  const args = ["merge-base", "--is-ancestor", ancestor, descendant];
  const result = await runGit(context, args, { stdoutOnly: true, ...(cwd === undefined ? {} : { cwd }) });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw new GitCommandError(args, result);
}
