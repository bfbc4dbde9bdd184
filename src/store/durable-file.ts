import { constants, promises as fsp } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { StateStoreError } from "./state-errors.js";

/**
 * The file operations a durable write needs. Tests inject a layer that fails like a full disk; the
 * real one is node:fs/promises.
 */
export interface FileLayer {
  open(path: string, flags: number, mode: number): Promise<fsp.FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
}

export const realFileLayer: FileLayer = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  link: (existing, newPath) => fsp.link(existing, newPath),
};

/** O_NOFOLLOW + O_EXCL: a name planted in advance (file or symlink) makes the open fail, never redirects it. */
const EXCLUSIVE_CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function uniqueSibling(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(6).toString("hex")}`);
}

function describeWriteError(path: string, error: NodeJS.ErrnoException): StateStoreError {
  if (error.code === "ENOSPC" || error.code === "EDQUOT") {
    return new StateStoreError(`cannot save ${path}: the disk is full; free some space and retry (the previous version is intact)`, "disk_full");
  }
  return new StateStoreError(`cannot save ${path}: ${error.message}`, "io");
}

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await fsp.open(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `content` (text, or byte chunks written in order) so that after a crash at any
 * instant the file holds either the old or the new content, never a mix, and the new content survives
 * power loss once this resolves: a unique temp
 * file created exclusively, fsync, rename over the target (rename replaces a symlink, never follows it),
 * fsync of the folder so the rename itself is durable.
 *
 * With `backupPath`, the previous content stays reachable there (a hard link, so no copy is written).
 */
export async function writeFileDurably(path: string, content: string | readonly Uint8Array[], options: { backupPath?: string; files?: FileLayer } = {}): Promise<void> {
  const files = options.files ?? realFileLayer;
  const temp = uniqueSibling(path, "tmp");
  let created = false;
  try {
    const handle = await files.open(temp, EXCLUSIVE_CREATE, 0o600);
    created = true;
    try {
      if (typeof content === "string") await handle.writeFile(content, "utf8");
      else await writeChunks(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.backupPath) await keepBackup(path, options.backupPath, files);
    await files.rename(temp, path);
    created = false;
    await fsyncFolder(dirname(path));
  } catch (error) {
    if (created) await files.unlink(temp).catch(() => undefined);
    if (error instanceof StateStoreError) throw error;
    throw describeWriteError(path, error as NodeJS.ErrnoException);
  }
}

/** One writev for all chunks; a short write (allowed by POSIX) is finished with plain writes of the rest. */
async function writeChunks(handle: fsp.FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const first = (await handle.writev(chunks as Uint8Array[])).bytesWritten;
  if (first === total) return;
  const rest = Buffer.concat(chunks as Uint8Array[]).subarray(first);
  for (let done = 0; done < rest.byteLength; ) {
    const { bytesWritten } = await handle.write(rest, done, rest.byteLength - done);
    if (bytesWritten === 0) throw new Error("the file system accepted no more bytes");
    done += bytesWritten;
  }
}

async function keepBackup(path: string, backupPath: string, files: FileLayer): Promise<void> {
  const temp = uniqueSibling(backupPath, "bak");
  try {
    await files.link(path, temp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  await files.rename(temp, backupPath);
}
