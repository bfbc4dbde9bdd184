import { access, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { linkDependencies, unlinkDependencies } from "./dependency-links.js";
import { gitLine, gitOutput, runGit, type RepoContext } from "./repo-git.js";
import { branchRequirement, requirementBranch, type RequirementWorktree } from "./requirement-branch.js";
import { commitAll, hasUncommittedWork } from "./worktree-commits.js";

export interface OpenWorktreeOptions {
  requirement: string;
  /** The commit a new branch starts from (the integration head). */
  base: string;
  /** The project's worktree folder (see worktree-home.ts). */
  home: string;
  /** greenlight.json worktreeSetup: run in each new worktree, sandboxed to it. */
  setup?: string;
  /** How long the setup command may take (default 10 minutes). */
  setupTimeoutMs?: number;
}

export interface OpenedWorktree extends RequirementWorktree {
  /** The branch existed: its work continues. */
  resumed: boolean;
  /** The commit that kept the work a crash left uncommitted in the worktree. */
  recovered?: string;
}

const SETUP_DONE = "greenlight-setup-done";
const SETUP_OUTPUT_BYTES = 20_000;

interface ListedWorktree {
  path: string;
  branch?: string;
}

/** Every worktree git has registered for the repository, the main one first. */
async function registeredWorktrees(context: RepoContext): Promise<ListedWorktree[]> {
  const listing = await gitOutput(context, ["worktree", "list", "--porcelain"], { stdoutOnly: true, maxOutputBytes: 10_000_000 });
  return listing
    .split(/\n\n+/)
    .map((block) => block.split("\n"))
    .filter((lines) => lines[0]?.startsWith("worktree "))
    .map((lines) => {
      const branch = lines.find((line) => line.startsWith("branch "))?.slice("branch ".length);
      return { path: lines[0]!.slice("worktree ".length), ...(branch === undefined ? {} : { branch: branch.replace(/^refs\/heads\//, "") }) };
    });
}

const exists = (path: string) => access(path).then(() => true, () => false);

async function branchExists(context: RepoContext, branch: string): Promise<boolean> {
  return (await runGit(context, ["rev-parse", "-q", "--verify", `refs/heads/${branch}^{commit}`], { stdoutOnly: true })).exitCode === 0;
}

/**
 * Runs the project's setup command in a new worktree, sandboxed to it, until it has once succeeded (a
 * mark in the worktree's git folder, outside the sandbox's reach, remembers that).
 */
async function runSetup(context: RepoContext, path: string, setup: string, timeoutMs: number): Promise<void> {
  const mark = join(await gitLine(context, ["rev-parse", "--absolute-git-dir"], { cwd: path }), SETUP_DONE);
  if (await exists(mark)) return;
  const result = await context.runner.run(setup, { cwd: path, root: path, env: context.env, timeoutMs, maxOutputBytes: SETUP_OUTPUT_BYTES });
  if (result.exitCode !== 0) {
    const why = result.timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${result.exitCode ?? result.signal}`;
    throw new Error(`The worktree setup command (greenlight.json "worktreeSetup") ${why} in ${path}:\n${result.output.trimEnd().split("\n").slice(-20).join("\n")}`);
  }
  await writeFile(mark, `${setup}\n`);
}

/** Runs one piece of work at a time, in the order asked. */
type Serial = <T>(work: () => Promise<T>) => Promise<T>;

function serial(): Serial {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
}

/** A requirement worktree as git lists it. */
export interface ListedRequirementWorktree {
  requirement: string;
  branch: string;
  path: string;
}

/**
 * A project's requirement worktrees. Git's worktree commands are not safe to run side by side (one reads
 * another's half-made .git/worktrees entry and fails), so the ones that make, list or remove worktrees
 * and branches run one at a time; everything else in a worktree runs in parallel. One per project and run.
 */
export interface RequirementWorktrees {
  /**
   * Opens a requirement's worktree on its branch greenlight/<id>, making what is missing: the worktree of
   * a branch whose folder vanished is made again from the branch, a branch without a worktree gets one,
   * and a new requirement gets a branch from `base`. The project's dependency folders are linked in. Work
   * a crash left uncommitted in a worktree that is still there is committed, never discarded.
   */
  open(options: OpenWorktreeOptions): Promise<OpenedWorktree>;
  /**
   * Removes a requirement's worktree and deletes its branch, only through git and only when nothing in it
   * is uncommitted: false, with everything left in place, otherwise. The caller removes a worktree once
   * its branch is integrated; untracked files keep it (git refuses), ignored ones (build output) go with it.
   */
  remove(worktree: RequirementWorktree): Promise<boolean>;
  /** The worktrees greenlight made for this project's requirements (branches greenlight/*). */
  list(): Promise<ListedRequirementWorktree[]>;
}

export function requirementWorktrees(context: RepoContext): RequirementWorktrees {
  const oneAtATime = serial();
  return {
    open: (options) => openWorktree(context, options, oneAtATime),
    remove: (worktree) => removeWorktree(context, worktree, oneAtATime),
    list: () => oneAtATime(() => listRequirementWorktrees(context)),
  };
}

async function listRequirementWorktrees(context: RepoContext): Promise<ListedRequirementWorktree[]> {
  return (await registeredWorktrees(context)).flatMap(({ path, branch }) => {
    const requirement = branch === undefined ? undefined : branchRequirement(branch);
    return requirement === undefined || branch === undefined ? [] : [{ requirement, branch, path }];
  });
}

/** Finds or makes the worktree; returns its folder, and whether the branch existed and the folder was made now. */
async function placeWorktree(context: RepoContext, { requirement, base, home }: OpenWorktreeOptions, branch: string): Promise<{ path: string; resumed: boolean; made: boolean }> {
  const registered = (await registeredWorktrees(context)).find((worktree) => worktree.branch === branch);
  if (registered !== undefined && (await exists(registered.path))) return { path: registered.path, resumed: true, made: false };
  if (registered !== undefined) {
    // Its folder vanished: made again where git has it. --force replaces only that stale registration,
    // where `git worktree prune` would also drop the user's own worktrees on a drive not mounted now.
    await gitOutput(context, ["worktree", "add", "--quiet", "--force", registered.path, branch]);
    return { path: registered.path, resumed: true, made: true };
  }
  const path = join(home, requirement);
  if (await branchExists(context, branch)) {
    await gitOutput(context, ["worktree", "add", "--quiet", path, branch]);
    return { path, resumed: true, made: true };
  }
  await gitOutput(context, ["worktree", "add", "--quiet", "-b", branch, path, base]);
  return { path, resumed: false, made: true };
}

/**
 * A run killed while `git worktree add` was checking files out leaves a worktree with no index: its
 * missing files would read as deletions and be committed as "recovered work". Nobody has worked in it
 * yet (agents start after it is made), so its checkout is finished from its branch instead.
 */
async function finishInterruptedCheckout(context: RepoContext, path: string): Promise<void> {
  const gitDir = await gitLine(context, ["rev-parse", "--absolute-git-dir"], { cwd: path });
  // Only greenlight writes in its worktree, one command at a time: a lock found as its lane opens was
  // left by a git a kill -9 stopped, and would refuse every commit of the lane.
  await rm(join(gitDir, "index.lock"), { force: true });
  if (await exists(join(gitDir, "index"))) return;
  await gitOutput(context, ["read-tree", "-u", "--reset", "HEAD"], { cwd: path });
}

async function openWorktree(context: RepoContext, options: OpenWorktreeOptions, oneAtATime: Serial): Promise<OpenedWorktree> {
  const { requirement } = options;
  const branch = requirementBranch(requirement);
  const { path, resumed, made } = await oneAtATime(() => placeWorktree(context, options, branch));
  if (!made) await finishInterruptedCheckout(context, path);
  const worktree: RequirementWorktree = { requirement, branch, path, links: await linkDependencies(context.projectDir, path) };
  // Recovered before the setup runs, so the commit holds only what the interrupted run left.
  const recovered = !made && (await hasUncommittedWork(context, worktree)) ? await commitAll(context, worktree, `${requirement}: work recovered after an interrupted run`) : undefined;
  if (options.setup !== undefined) await runSetup(context, path, options.setup, options.setupTimeoutMs ?? 600_000);
  return { ...worktree, resumed, ...(recovered === undefined ? {} : { recovered }) };
}

async function removeWorktree(context: RepoContext, worktree: RequirementWorktree, oneAtATime: Serial): Promise<boolean> {
  if (await hasUncommittedWork(context, worktree)) return false;
  await unlinkDependencies(context.projectDir, worktree.path, worktree.links);
  return oneAtATime(async () => {
    const removed = await runGit(context, ["worktree", "remove", worktree.path]);
    if (removed.exitCode !== 0) {
      await linkDependencies(context.projectDir, worktree.path);
      return false;
    }
    await gitOutput(context, ["branch", "-D", worktree.branch]);
    return true;
  });
}
