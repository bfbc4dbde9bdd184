import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ignoreLevel, isIgnored, type IgnoreLevel } from "./ignore-rules.js";
import { repositoryRoot } from "./repository-root.js";

export interface ProjectFilesOptions {
  /** Folder names never entered wherever they are (besides `.git`, which never is). */
  skipNames?: ReadonlySet<string>;
  /** Absolute folders never entered, such as a state folder inside the project. */
  skipDirs?: readonly string[];
  /** Only the folder's own entries, no subfolders. */
  shallow?: boolean;
  /** List symlinks too (never followed into), for a caller that resolves and confines them itself. */
  symlinks?: boolean;
}

const toPosix = (path: string) => path.split(sep).join("/");

async function ignoreFile(path: string, base: string): Promise<IgnoreLevel | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  return text === undefined ? undefined : ignoreLevel(base, text);
}

/**
 * The ignore files that apply at `folder`: the repository's `info/exclude`, then every `.gitignore`
 * from the repository's top (the project folder outside a repository) down to `folder`. `honoured` is
 * false when the folder, or the project, is itself ignored: a place named explicitly is searched whole.
 */
async function rulesAt(projectDir: string, folder: string): Promise<{ root: string; levels: IgnoreLevel[]; honoured: boolean }> {
  const repository = await repositoryRoot(projectDir);
  const root = repository?.top ?? projectDir;
  const levels: IgnoreLevel[] = [];
  if (repository) {
    const exclude = await ignoreFile(join(repository.commonGitDir, "info", "exclude"), "");
    if (exclude) levels.push(exclude);
  }
  const parts = toPosix(relative(root, folder)).split("/").filter((part) => part !== "");
  for (let depth = 0; depth <= parts.length; depth++) {
    const base = parts.slice(0, depth).join("/");
    if (depth > 0 && isIgnored(levels, base, true)) return { root, levels: [], honoured: false };
    const level = await ignoreFile(join(root, base, ".gitignore"), base);
    if (level) levels.push(level);
  }
  return { root, levels, honoured: true };
}

/**
 * Every regular file under `folder` (inside `projectDir`) that git would not ignore, as paths relative
 * to `folder` ("/" separators, folder by folder in name order): nested `.gitignore` files and
 * `.git/info/exclude` count, in a repository or not. Symlinks are never followed, so a walk cannot be
 * led out of the project.
 */
export async function* projectFiles(projectDir: string, folder: string, options: ProjectFilesOptions = {}): AsyncGenerator<string> {
  const start = resolve(folder);
  const { root, levels, honoured: ignoring } = await rulesAt(resolve(projectDir), start);
  const skipDirs = new Set((options.skipDirs ?? []).map((dir) => resolve(dir)));
  const fromRoot = toPosix(relative(root, start));

  async function* walk(prefix: string, inherited: IgnoreLevel[]): AsyncGenerator<string> {
    const absolute = prefix === "" ? start : join(start, prefix);
    const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rootPath = (path: string) => (fromRoot === "" ? path : path === "" ? fromRoot : `${fromRoot}/${path}`);
    let here = inherited;
    if (ignoring && prefix !== "" && entries.some((entry) => entry.name === ".gitignore" && entry.isFile())) {
      const level = await ignoreFile(join(absolute, ".gitignore"), rootPath(prefix));
      if (level) here = [...inherited, level];
    }
    for (const entry of entries) {
      const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === ".git" || options.shallow || options.skipNames?.has(entry.name) || skipDirs.has(join(absolute, entry.name))) continue;
        if (ignoring && isIgnored(here, rootPath(path), true)) continue;
        yield* walk(path, here);
      } else if ((entry.isFile() || (options.symlinks && entry.isSymbolicLink())) && entry.name !== ".git") {
        if (ignoring && isIgnored(here, rootPath(path), false)) continue;
        yield path;
      }
    }
  }

  yield* walk("", levels);
}

/** Whether git would ignore this path inside the project (a file, or a folder when `isFolder`). */
export async function isIgnoredPath(projectDir: string, path: string, isFolder: boolean): Promise<boolean> {
  const absolute = resolve(projectDir, path);
  const { root, levels, honoured } = await rulesAt(resolve(projectDir), dirname(absolute));
  // Not honoured: a folder above the path is ignored, and with it everything inside.
  return !honoured || isIgnored(levels, toPosix(relative(root, absolute)), isFolder);
}
