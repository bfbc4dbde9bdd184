import { lstat, readlink, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * Folders of installed dependencies a worktree gets from the project as a link instead of a reinstall.
 * Their names, relative to the worktree, are left out of every commit greenlight makes: a symlink is not
 * a folder to git, so a `.gitignore` line `node_modules/` does not match it.
 */
export const DEPENDENCY_FOLDERS = ["node_modules", ".venv", "venv"] as const;

async function kind(path: string): Promise<"missing" | "folder" | "link" | "other"> {
  try {
    const found = await lstat(path);
    return found.isSymbolicLink() ? "link" : found.isDirectory() ? "folder" : "other";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}

/** Whether `path` is greenlight's link to `target`. */
async function linksTo(path: string, target: string): Promise<boolean> {
  return (await kind(path)) === "link" && (await readlink(path)) === target;
}

/**
 * Links each dependency folder the project has into the worktree, never over something already there (a
 * tracked folder of that name is checked out in the worktree and stays). Returns the names linked, those
 * made now and those a previous run made.
 */
export async function linkDependencies(projectDir: string, worktree: string): Promise<string[]> {
  const linked: string[] = [];
  for (const name of DEPENDENCY_FOLDERS) {
    const source = join(projectDir, name);
    if ((await kind(source)) !== "folder") continue;
    const link = join(worktree, name);
    if (await linksTo(link, source)) linked.push(name);
    else if ((await kind(link)) === "missing") {
      await symlink(source, link, "dir");
      linked.push(name);
    }
  }
  return linked;
}

/** The dependency links a worktree has (of a lane whose run ended before it could say). */
export async function linkedDependencies(worktree: string): Promise<string[]> {
  const linked: string[] = [];
  for (const name of DEPENDENCY_FOLDERS) if ((await kind(join(worktree, name))) === "link") linked.push(name);
  return linked;
}

/** Removes greenlight's links (only links to the project's folders: a real folder is never removed here). */
export async function unlinkDependencies(projectDir: string, worktree: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const link = join(worktree, name);
    if (await linksTo(link, join(projectDir, name))) await unlink(link);
  }
}

/** Git pathspecs that leave the links out. */
export const withoutLinks = (names: readonly string[]): string[] => names.map((name) => `:(exclude,literal)${name}`);
