import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProcessRunner, RunResult } from "../process/process-runner.js";

/** A git repository greenlight works in: the user's project, or one of its requirement worktrees. */
export interface RepoContext {
  runner: ProcessRunner;
  projectDir: string;
  /** The scrubbed environment of the project's commands. */
  env: Record<string, string>;
}

export interface GitOptions {
  /** Where git runs (default: the project folder). */
  cwd?: string;
  /** Bytes of output kept (head and tail); listings of a large repository need more than the default. */
  maxOutputBytes?: number;
  /** Leave stderr out of the output: it is parsed, and a warning must not be read as a file name. */
  stdoutOnly?: boolean;
  /** Write stdout to this file, byte for byte (a blob's content). */
  stdoutFile?: string;
}

const TIMEOUT_MS = 120_000;
const DEFAULT_OUTPUT_BYTES = 1_000_000;

/** greenlight's commits carry its own name, so they work where no git identity is configured. */
const IDENTITY = {
  GIT_AUTHOR_NAME: "greenlight",
  GIT_AUTHOR_EMAIL: "greenlight@localhost",
  GIT_COMMITTER_NAME: "greenlight",
  GIT_COMMITTER_EMAIL: "greenlight@localhost",
};

/**
 * The user's hooks never run for greenlight's git (a pre-commit hook would run outside the sandbox), no
 * editor or pager opens, and no signing key is asked for. Nor does a commit start a background gc or
 * maintenance: it would outlive the command's process group and be killed with it; the user's own next
 * git command does that housekeeping.
 */
const CONFIG = [
  "core.hooksPath=/dev/null",
  "commit.gpgSign=false",
  "tag.gpgSign=false",
  "core.pager=cat",
  "merge.autoEdit=no",
  // With autostash a fast-forward over the person's uncommitted change "succeeds", leaving conflict markers in their file.
  "merge.autoStash=false",
  "gc.auto=0",
  "maintenance.auto=false",
];

export const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * The environment git sees: the project's, without GIT_* variables that would point it at another
 * repository or index (GIT_DIR, GIT_INDEX_FILE set by a hook that started greenlight), plus greenlight's
 * identity and an editor that accepts every message as it is.
 */
function gitEnvironment(env: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith("GIT_")) kept[name] = value;
  return { ...kept, ...IDENTITY, GIT_EDITOR: "true", GIT_SEQUENCE_EDITOR: "true", GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" };
}

/**
 * Runs `git <args>` as greenlight's own command (outside the sandbox, which would refuse writing .git).
 * With stdoutOnly, stderr goes to a file of its own and joins the output only when git fails.
 */
export async function runGit(context: RepoContext, args: readonly string[], options: GitOptions = {}): Promise<RunResult> {
  const command = ["git", ...CONFIG.flatMap((setting) => ["-c", setting]), ...args].map(quote).join(" ");
  const words = options.stdoutFile === undefined ? command : `${command} >${quote(options.stdoutFile)}`;
  const stderr = options.stdoutOnly ? join(tmpdir(), `greenlight-git-${randomUUID()}.err`) : undefined;
  try {
    const result = await context.runner.run(stderr === undefined ? words : `${words} 2>${quote(stderr)}`, {
      cwd: options.cwd ?? context.projectDir,
      env: gitEnvironment(context.env),
      timeoutMs: TIMEOUT_MS,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_OUTPUT_BYTES,
      own: true,
    });
    if (stderr !== undefined && result.exitCode !== 0) result.output += await readFile(stderr, "utf8").catch(() => "");
    return result;
  } finally {
    if (stderr !== undefined) await rm(stderr, { force: true });
  }
}

/** Thrown when a git command greenlight relies on fails; the message carries git's own words. */
export class GitCommandError extends Error {
  constructor(args: readonly string[], result: RunResult) {
    const said = result.output.trim().split("\n").slice(-10).join("\n");
    super(`git ${args.join(" ")} failed${result.timedOut ? " (timed out)" : ` (exit ${result.exitCode ?? result.signal})`}${said ? `:\n${said}` : ""}`);
    this.name = "GitCommandError";
  }
}

/** `git <args>`'s output; throws GitCommandError when git fails. */
export async function gitOutput(context: RepoContext, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const result = await runGit(context, args, options);
  if (result.exitCode !== 0) throw new GitCommandError(args, result);
  return result.output;
}

/** The one line git printed (a commit id, a branch name). */
export async function gitLine(context: RepoContext, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return (await gitOutput(context, args, { ...options, stdoutOnly: true })).trim();
}

/** The NUL-separated paths git printed with -z. */
export async function gitPaths(context: RepoContext, args: readonly string[], options: GitOptions = {}): Promise<string[]> {
  return (await gitOutput(context, args, { maxOutputBytes: 50_000_000, ...options, stdoutOnly: true })).split("\0").filter((path) => path !== "");
}
