import { ConfigError } from "../domain/config-error.js";
import type { RepoContext } from "../project/repo-git.js";
import { currentCheckout, uncommittedTrackedFiles } from "../project/repository-state.js";

export interface Checkout {
  /** The person's checked-out branch: where integrated requirements land. */
  branch: string;
  repo: RepoContext;
}

const SHOWN = 8;

/**
 * A parallel run starts each requirement from the committed project and moves the person's branch as
 * requirements integrate, so it needs a git repository on a branch whose tracked files are all committed.
 */
export async function requireCleanCheckout(repo: RepoContext, parallel: number): Promise<Checkout> {
  const without = "or run without --parallel (one requirement at a time, in the project folder)";
  let checkout: Awaited<ReturnType<typeof currentCheckout>>;
  try {
    checkout = await currentCheckout(repo);
  } catch (error) {
    throw new ConfigError(`--parallel ${parallel} needs a branch to integrate into: ${(error as Error).message}; check out a branch (git switch -c work), ${without}`);
  }
  if (!checkout) {
    throw new ConfigError(`--parallel ${parallel} needs ${repo.projectDir} to be a git repository with a first commit: git init && git add -A && git commit -m start, ${without}`);
  }
  if (checkout.prefix !== "") {
    // A worktree holds the whole repository: the project would sit in a subfolder of it, where its
    // dependency links and setup would not be.
    throw new ConfigError(`--parallel ${parallel} needs the project at the top of its git repository; ${repo.projectDir} is its subfolder ${checkout.prefix.replace(/\/$/, "")}: run greenlight from the repository's top folder, ${without}`);
  }
  const dirty = await uncommittedTrackedFiles(repo);
  if (dirty.length > 0) {
    const named = dirty.slice(0, SHOWN).join(", ") + (dirty.length > SHOWN ? ` and ${dirty.length - SHOWN} more` : "");
    throw new ConfigError(
      `--parallel ${parallel} needs every tracked file committed (each requirement starts from the last commit, and integrating moves your branch): uncommitted changes in ${named}. Commit them (git commit -am ...) or stash them (git stash), then run again; ${without}`,
    );
  }
  return { branch: checkout.branch, repo };
}
