import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { takeSnapshot, type ProjectSnapshot } from "./project-snapshot.js";

/**
 * The snapshot of the project when a requirement started, kept in the state folder so a resumed run
 * diffs against the same starting point instead of against wherever the crash left the files.
 */
export async function requirementBaseline(stateDir: string, projectDir: string, requirement: string): Promise<ProjectSnapshot> {
  const folder = join(stateDir, "baselines");
  const file = join(folder, `${requirement.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
  try {
    return JSON.parse(await readFile(file, "utf8")) as ProjectSnapshot;
  } catch {
    const snapshot = await takeSnapshot(projectDir, [stateDir]);
    await mkdir(folder, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot));
    await rename(temporary, file);
    return snapshot;
  }
}
