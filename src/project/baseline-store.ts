import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { suiteBaselineSchema, type SuiteBaseline } from "../domain/traceability.js";
import { writeFileDurably } from "../store/durable-file.js";
import { readSnapshotText, snapshotKeepsPath, snapshotOf, takeSnapshot, type ProjectSnapshot } from "./project-snapshot.js";
import { gitOutput, gitPaths, type RepoContext } from "./repo-git.js";

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

/** The plain files of a git tree (as takeSnapshot walks them: no symlinks, no submodules). */
async function regularFiles(context: RepoContext, tree: string): Promise<Set<string>> {
  const entries = await gitPaths(context, ["ls-tree", "-r", "-z", "--full-tree", tree]);
  return new Set(entries.filter((entry) => /^100(644|755) blob /.test(entry)).map((entry) => entry.slice(entry.indexOf("\t") + 1)));
}

/** A file's text in a git tree as a snapshot would keep it (undefined: gone, too big or binary). */
async function textInTree(context: RepoContext, tree: string, path: string): Promise<string | undefined> {
  const file = join(tmpdir(), `greenlight-blob-${randomUUID()}`);
  try {
    await gitOutput(context, ["cat-file", "blob", `${tree}:${path}`], { stdoutFile: file });
    return await readSnapshotText(file);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * After a requirement's branch took in a new integration head, its starting point becomes that head
 * (`tree`, read in the worktree `context.projectDir`): the kept snapshot gets the files that differ
 * between the old kept tree and `tree`, as takeSnapshot would keep them, then the kept tree is replaced
 * (in that order: a crash between the two leaves the old tree, and the next move patches the same files
 * again).
 */
export async function moveBaseline(stateDir: string, requirement: string, context: RepoContext, tree: string): Promise<void> {
  const kept = await keptBaselines(stateDir, requirement);
  if (kept.snapshot !== undefined && kept.tree !== undefined) {
    const files = { ...kept.snapshot.files };
    const changed = (await gitPaths(context, ["diff", "--name-only", "-z", "--no-renames", kept.tree, tree])).filter(snapshotKeepsPath);
    const regular = changed.length === 0 ? new Set<string>() : await regularFiles(context, tree);
    for (const path of changed) {
      const text = regular.has(path) ? await textInTree(context, tree, path) : undefined;
      if (text === undefined) delete files[path];
      else files[path] = text;
    }
    await writeFileDurably(baselineFile(stateDir, requirement, "json"), JSON.stringify(snapshotOf(files)));
  }
  await mkdir(dirname(baselineFile(stateDir, requirement, "tree")), { recursive: true });
  await writeFileDurably(baselineFile(stateDir, requirement, "tree"), `${tree}\n`);
}

function suiteBaselineFile(stateDir: string): string {
  return join(stateDir, "baselines", "suite.json");
}

/** The suite's last recorded state by test (see gates/baseline.ts); undefined before the first gate recorded one. */
export async function readSuiteBaseline(stateDir: string): Promise<SuiteBaseline | undefined> {
  const text = await readFile(suiteBaselineFile(stateDir), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = suiteBaselineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A file that does not parse is as good as none: the next full gate run records the baseline again.
    return undefined;
  }
}

/** Replaces the suite baseline durably: a crash leaves the old one or the new one, never half a file. */
export async function writeSuiteBaseline(stateDir: string, baseline: SuiteBaseline): Promise<void> {
  await mkdir(dirname(suiteBaselineFile(stateDir)), { recursive: true });
  await writeFileDurably(suiteBaselineFile(stateDir), `${JSON.stringify(baseline)}\n`);
}
