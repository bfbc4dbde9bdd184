import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Folders no search looks into: version control internals and installed dependencies. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);

/**
 * Every regular file under a folder, as paths relative to it ("/" separators). Symlinks are never
 * followed, so a search cannot be led out of the project.
 */
export async function* walkFiles(root: string, prefix = ""): AsyncGenerator<string> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* walkFiles(root, path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}
