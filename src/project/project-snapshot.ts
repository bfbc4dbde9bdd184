import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { projectFiles } from "../files/project-files.js";

/**
 * The project's text files at one moment: the baseline a requirement's diff is taken against, and a
 * fingerprint that tells the stuck detector whether any file changed between two gate runs.
 */
export interface ProjectSnapshot {
  files: Record<string, string>;
  fingerprint: string;
}

const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([".git", "node_modules", ".greenlight", "dist", "coverage", "__pycache__", ".pytest_cache", "target"]);
const MAX_FILE_BYTES = 512 * 1024;

/** A file's text as a snapshot holds it; undefined for a file too big, binary, or gone. */
export async function readSnapshotText(path: string): Promise<string | undefined> {
  try {
    if ((await stat(path)).size > MAX_FILE_BYTES) return undefined;
    return snapshotText(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Whether a snapshot keeps a file at this project-relative path ("/"-separated): not inside a skipped folder. */
export function snapshotKeepsPath(path: string): boolean {
  return !path.split("/").slice(0, -1).some((folder) => SKIPPED_FOLDERS.has(folder));
}

/** A file's text as a snapshot holds it, from its bytes; undefined for a file too big or binary. */
export function snapshotText(bytes: Buffer): string | undefined {
  return bytes.length > MAX_FILE_BYTES || bytes.includes(0) ? undefined : bytes.toString("utf8");
}

/** The snapshot of these files, with its fingerprint. */
export function snapshotOf(files: Record<string, string>): ProjectSnapshot {
  const hash = createHash("sha256");
  for (const path of Object.keys(files).sort()) hash.update(path).update("\0").update(files[path]!).update("\0");
  return { files, fingerprint: hash.digest("hex") };
}

/** What git ignores is left out, and `skipDirs`: absolute folders such as a state folder inside the project. */
export async function takeSnapshot(projectDir: string, skipDirs: readonly string[] = []): Promise<ProjectSnapshot> {
  const files: Record<string, string> = {};
  for await (const path of projectFiles(projectDir, projectDir, { skipNames: SKIPPED_FOLDERS, skipDirs })) {
    const text = await readSnapshotText(join(projectDir, path));
    if (text !== undefined) files[path] = text;
  }
  return snapshotOf(files);
}

export function changedFiles(before: ProjectSnapshot, after: ProjectSnapshot): string[] {
  const paths = new Set([...Object.keys(before.files), ...Object.keys(after.files)]);
  return [...paths].filter((path) => before.files[path] !== after.files[path]).sort();
}

function hunk(path: string, old: string | undefined, now: string | undefined): string {
  const a = old === undefined ? [] : old.split("\n");
  const b = now === undefined ? [] : now.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const header = [`--- ${old === undefined ? "/dev/null" : `a/${path}`}`, `+++ ${now === undefined ? "/dev/null" : `b/${path}`}`];
  const range = `@@ -${start + 1},${endA - start} +${start + 1},${endB - start} @@`;
  return [...header, range, ...a.slice(start, endA).map((line) => `-${line}`), ...b.slice(start, endB).map((line) => `+${line}`)].join("\n");
}

/** A unified-style diff of what changed, one hunk per file (the changed span between common ends). */
export function diffSnapshots(before: ProjectSnapshot, after: ProjectSnapshot): string {
  return changedFiles(before, after)
    .map((path) => hunk(path, before.files[path], after.files[path]))
    .join("\n");
}
