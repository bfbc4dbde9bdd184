import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** The git work tree a folder is in, with the git folder that holds its `info/exclude`. */
export interface RepositoryRoot {
  top: string;
  commonGitDir: string;
}

/** The nearest folder at or above `folder` with a `.git`, or undefined outside any repository. */
export async function repositoryRoot(folder: string): Promise<RepositoryRoot | undefined> {
  let current = resolve(folder);
  for (;;) {
    const dotGit = join(current, ".git");
    const info = await stat(dotGit).catch(() => undefined);
    if (info?.isDirectory()) return { top: current, commonGitDir: dotGit };
    if (info?.isFile()) return { top: current, commonGitDir: await worktreeCommonDir(dotGit) };
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** A worktree's `.git` file names its own git folder, whose `commondir` names the repository's. */
async function worktreeCommonDir(dotGitFile: string): Promise<string> {
  const text = await readFile(dotGitFile, "utf8").catch(() => "");
  const named = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (!named) return dotGitFile;
  const gitDir = isAbsolute(named) ? named : resolve(dirname(dotGitFile), named);
  const common = (await readFile(join(gitDir, "commondir"), "utf8").catch(() => "")).trim();
  return common === "" ? gitDir : resolve(gitDir, common);
}
