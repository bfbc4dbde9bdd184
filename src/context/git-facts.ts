import { dirname, isAbsolute, join, resolve } from "node:path";
import { readCappedText } from "./read-capped-text.js";

export type GitFacts = { repository: false } | { repository: true; branch?: string; detachedAt?: string };

const SMALL = 4096;

async function small(path: string): Promise<string | undefined> {
  const read = await readCappedText(path, SMALL);
  return read.kind === "text" ? read.text.trim() : undefined;
}

/**
 * Whether the project is in a git repository and on which branch, read from `.git/HEAD` (of the project
 * or of the repository it lies in; a worktree's `.git` file names its git folder). No git command runs
 * and nothing else outside the project is read.
 */
export async function gitFacts(projectDir: string): Promise<GitFacts> {
  for (let dir = resolve(projectDir); ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    const pointer = await small(dotGit);
    const gitDir = pointer?.startsWith("gitdir:") ? resolve(dir, pointer.slice("gitdir:".length).trim()) : dotGit;
    const head = await small(join(gitDir, "HEAD"));
    if (head !== undefined) {
      const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
      if (ref) return { repository: true, branch: ref[1]! };
      return /^[0-9a-f]{40,64}$/.test(head) ? { repository: true, detachedAt: head.slice(0, 12) } : { repository: true };
    }
    if (dirname(dir) === dir || !isAbsolute(dir)) return { repository: false };
  }
}
