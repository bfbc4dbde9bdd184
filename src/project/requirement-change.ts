import { keptBaselines } from "./baseline-store.js";
import type { GitProject } from "./git-diff.js";
import { diffSnapshots, takeSnapshot, type ProjectSnapshot } from "./project-snapshot.js";

export interface RequirementChangeSource {
  stateDir: string;
  projectDir: string;
  git: GitProject;
  /** `git diff` between two commits or trees (an integrated requirement's commit against its first parent). */
  diffCommits: (from: string, to: string) => Promise<string | undefined>;
}

interface Started {
  id: string;
  integrationCommit?: string;
  tree?: string;
  snapshot?: ProjectSnapshot;
}

/**
 * The change each requirement made, for the report. An integrated requirement (a parallel run) is its
 * integration commit against the branch it went onto; a requirement worked on in the project itself runs
 * from its kept starting point to the next requirement's (requirements run one after the other there),
 * the last one to the files as they are now. A requirement that never started has no entry.
 */
export async function requirementChanges(source: RequirementChangeSource, requirements: readonly { id: string; integrationCommit?: string }[]): Promise<Map<string, string>> {
  const started: Started[] = [];
  for (const requirement of requirements) {
    const kept = await keptBaselines(source.stateDir, requirement.id);
    if (kept.tree === undefined && kept.snapshot === undefined && requirement.integrationCommit === undefined) continue;
    started.push({ ...requirement, ...kept });
  }
  const changes = new Map<string, string>();
  let now: { tree?: string | undefined; snapshot?: ProjectSnapshot } | undefined;
  const current = async () => (now ??= { tree: await source.git.workingTree(), snapshot: await takeSnapshot(source.projectDir, [source.stateDir]) });
  const sequential = started.filter((entry) => entry.integrationCommit === undefined);
  for (const entry of started) {
    if (entry.integrationCommit !== undefined) {
      const diff = await source.diffCommits(`${entry.integrationCommit}^`, entry.integrationCommit);
      if (diff !== undefined) changes.set(entry.id, diff);
      continue;
    }
    const next = sequential[sequential.indexOf(entry) + 1];
    const end = next ?? { id: "", ...(await current()) };
    if (entry.tree && end.tree) {
      const diff = await source.git.diffTrees(entry.tree, end.tree);
      if (diff !== undefined) {
        changes.set(entry.id, diff);
        continue;
      }
    }
    if (entry.snapshot && end.snapshot) changes.set(entry.id, diffSnapshots(entry.snapshot, end.snapshot));
  }
  return changes;
}
