import { ConfigError } from "../../domain/config-error.js";
import type { RepoContext } from "../../project/repo-git.js";
import { currentCheckout, filesNotCommitted, uncommittedTrackedFiles } from "../../project/repository-state.js";
import type { DeepReadonly } from "../../domain/deep-readonly.js";
import type { TraceRow } from "../../domain/traceability.js";
import { isAbsolute, relative } from "node:path";

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
export async function requireCleanCheckout(repo: RepoContext, parallel: number, run: { stateDir: string; rows: readonly DeepReadonly<TraceRow>[] }): Promise<Checkout> {
  const without = "or run without --parallel (one requirement at a time, in the project folder)";
  let checkout: Awaited<ReturnType<typeof currentCheckout>>;
  try {
    checkout = await currentCheckout(repo);
  } catch (error) {
    throw new ConfigError(`--parallel ${parallel} needs a branch to integrate into: ${(error as Error).message}; check out a branch (git switch -c work), ${without}`);
  }
  if (!checkout) {
    throw new ConfigError(
      `--parallel ${parallel} needs ${repo.projectDir} to be a git repository with a first commit: git init, add .greenlight/ to .gitignore (greenlight's state), then git add -A && git commit -m start; ${without}`,
    );
  }
  if (checkout.prefix !== "") {
    // A worktree holds the whole repository: the project would sit in a subfolder of it, where its
    // dependency links and setup would not be.
    throw new ConfigError(`--parallel ${parallel} needs the project at the top of its git repository; ${repo.projectDir} is its subfolder ${checkout.prefix.replace(/\/$/, "")}: run greenlight from the repository's top folder, ${without}`);
  }
  // greenlight's own state changes as the run goes: where the person tracks it, it is not theirs to commit first.
  const state = relative(repo.projectDir, run.stateDir);
  const dirty = (await uncommittedTrackedFiles(repo)).filter((file) => state.startsWith("..") || isAbsolute(state) || !(file === state || file.startsWith(`${state}/`)));
  if (dirty.length > 0) {
    const named = dirty.slice(0, SHOWN).join(", ") + (dirty.length > SHOWN ? ` and ${dirty.length - SHOWN} more` : "");
    throw new ConfigError(
      `--parallel ${parallel} needs every tracked file committed (each requirement starts from the last commit, and integrating moves your branch): uncommitted changes in ${named}. Commit them (git commit -am ...) or stash them (git stash), then run again; ${without}`,
    );
  }
  // Requirements approved before (one at a time, in the project) count as held by every worktree: their
  // tests must be in the commit the worktrees start from, or every gate would miss them.
  const locked = [...new Set(run.rows.filter((row) => row.status === "approved" && !row.integration).flatMap((row) => row.tests.files))];
  const missing = await filesNotCommitted(repo, locked);
  if (missing.length > 0) {
    const named = missing.slice(0, SHOWN).join(", ") + (missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : "");
    throw new ConfigError(`--parallel ${parallel} starts each requirement from the last commit, which lacks the locked tests of requirements approved before: ${named}. Commit them (git add ${missing.slice(0, 3).join(" ")} && git commit), then run again; ${without}`);
  }
  return { branch: checkout.branch, repo };
}
