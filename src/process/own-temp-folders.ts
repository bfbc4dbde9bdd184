import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The scratch folders this process made under the temp folder and has not removed yet. Whoever makes one
 * removes it when done; what is left when the process exits or dies of a signal is removed then (see
 * live-process-groups.ts), so a crash, an abort or Ctrl-C leaves nothing behind. Only folders made here
 * are ever removed: a name that merely looks like ours is never touched.
 */
const made = new Set<string>();

export function makeTempFolderSync(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export async function makeTempFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export async function removeTempFolder(dir: string): Promise<void> {
  if (!made.has(dir)) return;
  await rm(dir, { recursive: true, force: true });
  made.delete(dir);
}

export function removeTempFolderSync(dir: string): void {
  if (!made.has(dir)) return;
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** The folders made here and not yet removed. */
export function heldTempFolders(): string[] {
  return [...made];
}

/** At exit: synchronous, it is the last thing the process does. */
export function removeAllTempFolders(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
