import { lstat, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { WriteGuard } from "./tool.js";
import { PathRefusedError } from "./path-refused.js";

export interface ResolvedPath {
  /** The real absolute path, every existing symlink resolved. */
  absolute: string;
  /** Relative to the project, with "/" separators ("" for the project itself). */
  relative: string;
}

export interface WorkspaceOptions {
  projectDir: string;
  /** Folders tools may never write into (the state folder), relative to the project or absolute. */
  protectedDirs?: string[];
  writeGuards?: WriteGuard[];
}

/** The project folder as the tools see it: every path is confined to it. */
export class Workspace {
  readonly writeGuards: WriteGuard[];

  private constructor(
    readonly projectDir: string,
    private readonly givenDir: string,
    private readonly protectedDirs: string[],
    writeGuards: WriteGuard[],
  ) {
    this.writeGuards = writeGuards;
  }

  static async create(options: WorkspaceOptions): Promise<Workspace> {
    const given = resolve(options.projectDir);
    const real = await realpath(given);
    const protectedDirs = await Promise.all(
      (options.protectedDirs ?? []).map(async (dir) => toPosix(relative(real, await realpathOfNearest(resolve(given, dir))))),
    );
    return new Workspace(real, given, protectedDirs, options.writeGuards ?? []);
  }

  async resolveForRead(path: string): Promise<ResolvedPath> {
    return this.resolveInside(path, false);
  }

  async resolveForWrite(path: string, agent: string, content?: string): Promise<ResolvedPath> {
    const resolved = await this.resolveInside(path, true);
    const parts = resolved.relative.split("/");
    if (parts.some((part) => part.toLowerCase() === ".git")) {
      throw new PathRefusedError(path, "inside .git", `${path} is inside .git, which tools may not change. Use git commands through Bash if you must.`);
    }
    for (const dir of this.protectedDirs) {
      if (resolved.relative === dir || resolved.relative.startsWith(`${dir}/`)) {
        throw new PathRefusedError(path, "protected folder", `${path} is inside ${dir}/, greenlight's own state, which tools may not change.`);
      }
    }
    for (const guard of this.writeGuards) {
      const refusal = guard(resolved.relative, agent, content);
      if (refusal !== undefined) throw new PathRefusedError(path, "locked", refusal);
    }
    return resolved;
  }

  private async resolveInside(path: string, refuseFinalSymlink: boolean): Promise<ResolvedPath> {
    if (typeof path !== "string" || path.length === 0) throw new PathRefusedError(String(path), "empty path", "The path is empty: give a file path inside the project.");
    if (path.includes("\0")) throw new PathRefusedError(path.replace(/\0/g, "\\0"), "NUL byte", "The path contains a NUL byte: give a plain file path.");
    let absolute = isAbsolute(path) ? resolve(path) : resolve(this.projectDir, path);
    if (isInside(this.givenDir, absolute) && !isInside(this.projectDir, absolute)) absolute = join(this.projectDir, relative(this.givenDir, absolute));
    if (!isInside(this.projectDir, absolute)) throw outside(path, this.projectDir);

    let current = this.projectDir;
    const parts = relative(this.projectDir, absolute).split(sep).filter((part) => part !== "");
    for (let index = 0; index < parts.length; index++) {
      const next = join(current, parts[index]!);
      const info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
        throw error;
      });
      if (info === undefined) {
        current = join(next, ...parts.slice(index + 1));
        break;
      }
      if (info.isSymbolicLink()) {
        if (refuseFinalSymlink && index === parts.length - 1) {
          throw new PathRefusedError(path, "symlink", `${path} is a symlink; tools never write through one. Write to the file it points at instead.`);
        }
        const target = await realpath(next).catch(() => {
          throw new PathRefusedError(path, "dangling symlink", `${path} goes through a symlink that leads nowhere; tools do not follow it.`);
        });
        if (!isInside(this.projectDir, target)) throw new PathRefusedError(path, "symlink out of the project", `${path} goes through a symlink that leads outside the project; tools stay inside ${this.projectDir}.`);
        current = target;
      } else {
        current = next;
      }
    }
    return { absolute: current, relative: toPosix(relative(this.projectDir, current)) };
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function outside(path: string, projectDir: string): PathRefusedError {
  return new PathRefusedError(path, "outside the project", `${path} is outside the project. Tools only reach files under ${projectDir}; use a path relative to it.`);
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * The real path of a folder that may not exist yet: its nearest existing ancestor resolved, the rest
 * appended. A protected folder named through a symlink must still match the real paths writes resolve to.
 */
async function realpathOfNearest(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = resolve(path, "..");
    if (parent === path) return path;
    return join(await realpathOfNearest(parent), relative(parent, path));
  }
}
