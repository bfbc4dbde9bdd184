import { keptBaselines } from "./baseline-store.js";
import type { GitProject } from "./git-diff.js";
import { diffSnapshots, takeSnapshot } from "./project-snapshot.js";

/**
 * What changed in the project since a requirement started: from git when the project is a repository
 * (the kept start tree against the files now), else from the kept snapshot. Empty when nothing changed;
 * undefined when the requirement has not started.
 */
export async function requirementDiff(stateDir: string, projectDir: string, requirement: string, git: GitProject): Promise<string | undefined> {
  const kept = await keptBaselines(stateDir, requirement);
  if (kept.tree) {
    const now = await git.workingTree();
    const diff = now ? await git.diffTrees(kept.tree, now) : undefined;
    if (diff !== undefined) return diff;
  }
  if (!kept.snapshot) return undefined;
  return diffSnapshots(kept.snapshot, await takeSnapshot(projectDir, [stateDir]));
}
