import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { withoutLinks } from "./dependency-links.js";
import type { ProcessRunner } from "../process/process-runner.js";

export interface GitContext {
  runner: ProcessRunner;
  projectDir: string;
  /** The scrubbed environment of the project's commands. */
  env: Record<string, string>;
  /** The state folder, left out of every tree when it lies inside the project. */
  stateDir: string;
  /** Paths left out of every tree too: the dependency folders linked into a worktree. */
  exclude?: readonly string[];
}

const MAX_DIFF_BYTES = 100_000;
const MAX_LISTING_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

async function git(context: GitContext, args: string, env: Record<string, string> = context.env): Promise<string | undefined> {
  const result = await context.runner.run(`git ${args}`, { cwd: context.projectDir, env, timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_DIFF_BYTES, own: true });
  return result.exitCode === 0 ? result.output : undefined;
}

/** A project in a git work tree and not ignored by it (a scratch copy under an ignored folder is not tracked). */
async function tracked(context: GitContext): Promise<boolean> {
  if ((await git(context, "rev-parse --is-inside-work-tree"))?.trim() !== "true") return false;
  return (await git(context, "check-ignore -q .")) === undefined;
}

/**
 * The project's files as they are now, as a git tree object id; undefined when the project is not in a
 * git repository. Written through a temporary index, so the person's own index and stash are untouched.
 * `isTracked` lets a run ask git whether the project is tracked once instead of before every tree.
 */
export async function workingTree(context: GitContext, isTracked: Promise<boolean> = tracked(context)): Promise<string | undefined> {
  if (!(await isTracked)) return undefined;
  const index = join(tmpdir(), `greenlight-index-${randomUUID()}`);
  const env = { ...context.env, GIT_INDEX_FILE: index };
  const state = relative(context.projectDir, context.stateDir);
  const pathspecs = [...(state && !state.startsWith("..") && !isAbsolute(state) ? [`:(exclude)${state}`] : []), ...withoutLinks(context.exclude ?? [])];
  const exclude = pathspecs.map((spec) => ` ${quote(spec)}`).join("");
  try {
    if ((await git(context, `add -A -- .${exclude}`, env)) === undefined) return undefined;
    const tree = (await git(context, "write-tree", env))?.trim();
    return tree && /^[0-9a-f]{40,64}$/.test(tree) ? tree : undefined;
  } finally {
    await rm(index, { force: true });
  }
}

/**
 * The paths git tracks or would track (not ignored by .gitignore, .git/info/exclude or the global
 * excludes): a file the tests write into an ignored folder is not the project's code. Every path when the
 * project is not in a git repository (or git cannot say).
 */
export async function trackablePaths(context: GitContext, paths: readonly string[], isTracked: Promise<boolean> = tracked(context)): Promise<string[]> {
  if (paths.length === 0 || !(await isTracked)) return [...paths];
  const result = await context.runner.run("git ls-files --cached --others --exclude-standard -z", { cwd: context.projectDir, env: context.env, timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_LISTING_BYTES, own: true });
  // A listing cut short cannot say a path is ignored.
  if (result.exitCode !== 0 || result.totalBytes > MAX_LISTING_BYTES) return [...paths];
  const trackable = new Set(result.output.split("\0"));
  return paths.filter((path) => trackable.has(path));
}

/** The project's git, asked once per run whether it tracks the project. */
export function gitProject(context: GitContext) {
  let isTracked: Promise<boolean> | undefined;
  return {
    workingTree: () => workingTree(context, (isTracked ??= tracked(context))),
    trackable: (paths: readonly string[]) => trackablePaths(context, paths, (isTracked ??= tracked(context))),
    diffTrees: (from: string, to: string) => diffTrees(context, from, to),
  };
}

export type GitProject = ReturnType<typeof gitProject>;

/** `git diff` between two trees, with no external diff drivers or text conversions the project could configure. */
export async function diffTrees(context: GitContext, from: string, to: string): Promise<string | undefined> {
  return git(context, `diff --no-color --no-ext-diff --no-textconv --relative ${from} ${to}`);
}
