import { constants } from "node:fs";
import { lstat, mkdir, open, realpath, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import type { ResolvedPath, Workspace } from "./workspace.js";
import { PathRefusedError } from "./path-refused.js";

const CREATE_NEW_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes a file the workspace allowed, checking again right before the write: a symlink planted
 * since the check (at the file or at a folder on the way) is refused. The content goes to a fresh
 * temp file in the same folder, opened without following symlinks, then renamed over the target,
 * so a reader never sees half a file.
 */
export async function writeFileInside(workspace: Workspace, path: string, content: string, agent: string, checked?: ResolvedPath): Promise<ResolvedPath> {
  const target = await workspace.resolveForWrite(path, agent, content);
  if (checked !== undefined && checked.absolute !== target.absolute) throw changedUnderfoot(path);
  const folder = dirname(target.absolute);
  await mkdir(folder, { recursive: true });
  const again = await workspace.resolveForWrite(path, agent, content);
  if (again.absolute !== target.absolute || (await realpath(folder)) !== folder) throw changedUnderfoot(path);

  const existing = await lstat(target.absolute).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw new PathRefusedError(path, "symlink", `${path} is a symlink; tools never write through one. Write to the file it points at instead.`);
  if (existing?.isDirectory()) throw new PathRefusedError(path, "a folder", `${path} is a folder, not a file.`);

  const temp = join(folder, `.${basename(target.absolute)}.${randomBytes(6).toString("hex")}.greenlight-tmp`);
  const handle = await open(temp, CREATE_NEW_NO_FOLLOW, existing ? existing.mode & 0o7777 : 0o644);
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
  try {
    if ((await realpath(folder)) !== folder) throw changedUnderfoot(path);
    await rename(temp, target.absolute);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return target;
}

function changedUnderfoot(path: string): PathRefusedError {
  return new PathRefusedError(path, "changed during the write", `${path} changed while it was being written (a symlink appeared on the way); nothing was written.`);
}
