import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temp folder with the given files (path -> contents), removed by `cleanup`. */
export async function tempProject(files: Record<string, string | Uint8Array>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "greenlight-agents-"));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** shared/ beside the repository; GREENLIGHT_SHARED points elsewhere (a git worktree has no shared/ beside it). */
export const SHARED = process.env.GREENLIGHT_SHARED ?? join(import.meta.dirname, "../../../shared");
