import { createProcessRunner, scrubbedEnvironment } from "../process/index.js";
import { diffTrees, gitProject } from "../project/git-diff.js";
import { requirementChanges } from "../project/requirement-change.js";
import { openStateStore } from "../store/state-store.js";

/** Each requirement's change, taken with greenlight's own git (no sandbox: it only reads the repository). */
export async function reportDiffs(stateDir: string, projectDir: string): Promise<Map<string, string>> {
  const store = await openStateStore(stateDir, { write: false });
  const state = store.snapshot();
  await store.close();
  const order = state.taskList.tasks.map((task) => task.requirement);
  const rows = new Map(state.matrix.requirements.map((row) => [row.id, row]));
  const ids = [...new Set([...order, ...rows.keys()])];
  const context = { runner: createProcessRunner({ isolate: false }), projectDir, env: scrubbedEnvironment(process.env), stateDir };
  return requirementChanges(
    { stateDir, projectDir, git: gitProject(context), diffCommits: (from, to) => diffTrees(context, from, to) },
    ids.map((id) => {
      const commit = rows.get(id)?.integration?.commit;
      return commit !== undefined ? { id, integrationCommit: commit } : { id };
    }),
  );
}
