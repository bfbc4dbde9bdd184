import { isAbsolute, relative } from "node:path";
import { sessionContext } from "../context/index.js";
import type { SystemPromptSource } from "../runtime/index.js";
import type { StateStore } from "../store/state-store.js";
import type { RunConfig } from "./config.js";

export interface RunContextOptions {
  projectDir: string;
  stateDir: string;
  config: RunConfig;
  store: StateStore;
  /** The requirement the run is on, for sessions a person starts without naming one. */
  currentRequirement: () => string | undefined;
}

/** Each session's system prompt from the run's state as it stands when the session starts. */
export function runSessionContext(options: RunContextOptions): SystemPromptSource {
  const fromProject = relative(options.projectDir, options.stateDir);
  const stateDir = fromProject === "" || fromProject.startsWith("..") || isAbsolute(fromProject) ? options.stateDir : fromProject;
  return async (agent, role, requirementId = options.currentRequirement()) => {
    const { taskList, matrix } = options.store.snapshot();
    const rows = matrix.requirements.filter((row) => row.status !== "removed");
    const row = rows.find((candidate) => candidate.id === requirementId);
    const requirement = taskList.requirements.find((candidate) => candidate.id === requirementId);
    const context = await sessionContext({
      projectDir: options.projectDir,
      agent,
      ...(role ? { role } : {}),
      testCommand: options.config.testCommand,
      requirementFiles: row ? [...row.tests.files, ...row.code] : [],
      ...(options.config.instructions === undefined ? {} : { instructions: options.config.instructions }),
      pipeline: {
        roles: options.config.roles,
        ...(requirement ? { requirement: { id: requirement.id, title: requirement.title } } : {}),
        lockedFiles: [...new Set(rows.flatMap((candidate) => candidate.tests.files))].sort(),
        // Harness parts are keyed "package.json#scripts.test", "conftest.py": the agent is told the files.
        harnessFiles: [...new Set(rows.flatMap((candidate) => Object.keys(candidate.tests.harness ?? {}).map((part) => part.split("#")[0]!)))].sort(),
        stateDir,
      },
    });
    return context.system;
  };
}
