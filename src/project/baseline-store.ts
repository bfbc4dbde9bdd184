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

/**
 * The git tree of the project when a requirement started ("none" outside a git repository), kept next to
 * the snapshot for the same reason: a resumed run diffs against the same start.
 */
export async function requirementBaselineTree(stateDir: string, requirement: string, take: () => Promise<string | undefined>): Promise<string | undefined> {
  const folder = join(stateDir, "baselines");
  const file = join(folder, `${requirement.replace(/[^A-Za-z0-9._-]/g, "_")}.tree`);
  try {
    const kept = (await readFile(file, "utf8")).trim();
    return kept === "none" ? undefined : kept;
  } catch {
    const tree = await take();
    await mkdir(folder, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${tree ?? "none"}\n`);
    await rename(temporary, file);
    return tree;
  }
}
