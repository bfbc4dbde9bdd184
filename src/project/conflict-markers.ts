import { readSnapshotText } from "./project-snapshot.js";
import { join } from "node:path";

const MARKER = /^(<{7}|>{7})( |$)/m;

/** The files (relative to `dir`) that still hold a merge's conflict markers: a line opening or closing a conflict. */
export async function filesWithConflictMarkers(dir: string, files: readonly string[]): Promise<string[]> {
  const marked: string[] = [];
  for (const file of files) {
    const text = await readSnapshotText(join(dir, file));
    if (text !== undefined && MARKER.test(text)) marked.push(file);
  }
  return marked;
}
