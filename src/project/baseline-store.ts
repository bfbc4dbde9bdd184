import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileDurably } from "../store/durable-file.js";
import { takeSnapshot, type ProjectSnapshot } from "./project-snapshot.js";

/** Where a requirement's starting point is kept in the state folder, one file per kind. */
function baselineFile(stateDir: string, requirement: string, extension: "json" | "tree"): string {
  return join(stateDir, "baselines", `${requirement.replace(/[^A-Za-z0-9._-]/g, "_")}.${extension}`);
}

/** The kept value, else the one `take` gives, kept for next time (durably: a crash never leaves half a file). */
async function keptOrTaken<T>(file: string, parse: (text: string) => T, take: () => Promise<T>, format: (value: T) => string): Promise<T> {
  try {
    return parse(await readFile(file, "utf8"));
  } catch {
    const value = await take();
    await mkdir(dirname(file), { recursive: true });
    await writeFileDurably(file, format(value));
    return value;
  }
}

/**
 * The snapshot of the project when a requirement started, kept in the state folder so a resumed run
 * diffs against the same starting point instead of against wherever the crash left the files.
 */
export function requirementBaseline(stateDir: string, projectDir: string, requirement: string): Promise<ProjectSnapshot> {
  return keptOrTaken(baselineFile(stateDir, requirement, "json"), (text) => JSON.parse(text) as ProjectSnapshot, () => takeSnapshot(projectDir, [stateDir]), (snapshot) => JSON.stringify(snapshot));
}

/**
 * The git tree of the project when a requirement started ("none" outside a git repository), kept next to
 * the snapshot for the same reason: a resumed run diffs against the same start.
 */
export async function requirementBaselineTree(stateDir: string, requirement: string, take: () => Promise<string | undefined>): Promise<string | undefined> {
  const kept = await keptOrTaken(baselineFile(stateDir, requirement, "tree"), (text) => text.trim(), async () => (await take()) ?? "none", (tree) => `${tree}\n`);
  return kept === "none" ? undefined : kept;
}

/** The kept starting points of a requirement, read only: nothing is taken when the requirement has not started. */
export async function keptBaselines(stateDir: string, requirement: string): Promise<{ tree?: string; snapshot?: ProjectSnapshot }> {
  const read = (extension: "json" | "tree") => readFile(baselineFile(stateDir, requirement, extension), "utf8").catch(() => undefined);
  const [tree, snapshot] = await Promise.all([read("tree"), read("json")]);
  const kept: { tree?: string; snapshot?: ProjectSnapshot } = {};
  if (tree && tree.trim() !== "none") kept.tree = tree.trim();
  if (snapshot) kept.snapshot = JSON.parse(snapshot) as ProjectSnapshot;
  return kept;
}
