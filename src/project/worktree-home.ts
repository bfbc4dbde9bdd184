import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";

/** The real path of a folder, or of its nearest existing ancestor with the rest appended (a home not made yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

const inside = (folder: string, root: string): boolean => {
  const rel = relative(root, folder);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/**
 * Where a project's requirement worktrees live: outside the project folder, since test runners that glob
 * the project (node --test, vitest, pytest) would find the copies. The first of greenlight.json's
 * worktreeDir, $GREENLIGHT_WORKTREES, $XDG_DATA_HOME/greenlight/worktrees, ~/.local/share/greenlight/worktrees,
 * then a folder per project named after it and a hash of its real path (two checkouts named alike never share).
 * Throws when that would be inside the project.
 */
export function worktreeHome(projectDir: string, configured: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = configured ?? env.GREENLIGHT_WORKTREES ?? (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? join(env.XDG_DATA_HOME, "greenlight", "worktrees") : join(env.HOME || homedir(), ".local", "share", "greenlight", "worktrees"));
  if (!isAbsolute(chosen)) throw new Error(`The worktree folder must be an absolute path, not ${JSON.stringify(chosen)}.`);
  const project = realPath(resolve(projectDir));
  const id = createHash("sha256").update(project).digest("hex").slice(0, 8);
  const home = join(realPath(resolve(chosen)), `${basename(project)}-${id}`);
  if (inside(home, project)) {
    throw new Error(`Requirement worktrees would be made at ${home}, inside the project ${project}, where its test runner would find them: set "worktreeDir" in greenlight.json (or GREENLIGHT_WORKTREES) to a folder outside the project.`);
  }
  return home;
}
