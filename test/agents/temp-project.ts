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

/** The agent files the loader tests read, kept in the repository (sources and licences in each folder's SOURCES.json). */
export const FIXTURES = join(import.meta.dirname, "../fixtures");
export const AGENT_SAMPLES = join(FIXTURES, "agent-samples");
export const AGENT_CORPUS = join(FIXTURES, "agent-corpus");
