import { createHash } from "node:crypto";
import { join } from "node:path";
import type { StateStore } from "../store/state-store.js";
import { readSnapshotText } from "../project/project-snapshot.js";

/**
 * A requirement's locked tests are its contract: the matrix row keeps a digest of each locked file, set
 * by the red gate and by QA (who owns the tests), and the green gate refuses when a file no longer matches.
 */

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Digests of the files the snapshot holds: one too big or binary to snapshot has nothing to compare. */
export function testDigests(files: readonly string[], texts: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(files.filter((file) => texts[file] !== undefined).map((file) => [file, sha256(texts[file]!)]));
}

/** Locked test files whose content no longer has its recorded digest; a deleted file counts as changed. */
export function changedLockedTests(digests: Readonly<Record<string, string>> | undefined, texts: Readonly<Record<string, string>>): string[] {
  return Object.entries(digests ?? {})
    .filter(([file, digest]) => texts[file] === undefined || sha256(texts[file]) !== digest)
    .map(([file]) => file);
}

/**
 * Re-records a requirement's contract from its locked test files as they are on disk now: after a QA
 * session, QA's own edits must not read as tampering at the next green gate. Returns the files whose digest changed.
 */
export async function recordTestContract(store: StateStore, projectDir: string, requirement: string): Promise<string[]> {
  const locked = store.snapshot().matrix.requirements.find((row) => row.id === requirement)?.tests;
  if (!locked || locked.files.length === 0) return [];
  // Only the locked files are read, the way a snapshot reads them, so both digests agree on what a file's text is.
  const texts: Record<string, string> = {};
  for (const file of locked.files) {
    const text = await readSnapshotText(join(projectDir, file));
    if (text !== undefined) texts[file] = text;
  }
  const digests = testDigests(locked.files, texts);
  const changed = [...new Set([...Object.keys(digests), ...Object.keys(locked.digests ?? {})])].filter((file) => digests[file] !== locked.digests?.[file]);
  if (changed.length === 0) return [];
  await store.update((draft) => {
    draft.matrix.requirements.find((row) => row.id === requirement)!.tests.digests = digests;
  });
  return changed.sort();
}
