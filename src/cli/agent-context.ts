import { relative } from "node:path";
import { sessionContext, type SessionContext } from "../context/index.js";
import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Role } from "../domain/roles.js";
import { detectTestCommand } from "../gates/detect-test-command.js";
import { readProjectConfig } from "../run/config.js";
import { defaultStateDir, openStateStore } from "../store/state-store.js";

/** What `greenlight agent` gives an agent run alone: its body, the project instructions, no pipeline rules. */
export async function standaloneContext(projectDir: string, agent: AgentDefinition, role: Role | undefined): Promise<SessionContext> {
  const config = readProjectConfig(projectDir);
  const testCommand = config.testCommand ?? detectTestCommand(projectDir);
  return sessionContext({
    projectDir,
    agent,
    ...(role ? { role } : {}),
    ...(testCommand ? { testCommand } : {}),
    ...(config.instructions === undefined ? {} : { instructions: config.instructions }),
  });
}

async function lockedFiles(projectDir: string): Promise<string[]> {
  try {
    const store = await openStateStore(defaultStateDir(projectDir), { write: false });
    try {
      const rows = store.snapshot().matrix.requirements.filter((row) => row.status !== "removed");
      return [...new Set(rows.flatMap((row) => row.tests.files))].sort();
    } finally {
      await store.close();
    }
  } catch {
    return [];
  }
}

/**
 * What an agent receives in `greenlight run` between requirements when it fills a stage (the state's
 * locked files, the run's rules for its role), else what it receives run alone.
 */
export async function previewContext(projectDir: string, agent: AgentDefinition): Promise<SessionContext> {
  const config = readProjectConfig(projectDir);
  const roles = { qa: "qa", backend: "backend", reviewer: "reviewer", ...config.roles };
  const role = (Object.keys(roles) as Role[]).find((stage) => roles[stage] === agent.name);
  if (role === undefined) return standaloneContext(projectDir, agent, undefined);
  const testCommand = config.testCommand ?? detectTestCommand(projectDir);
  return sessionContext({
    projectDir,
    agent,
    role,
    ...(testCommand ? { testCommand } : {}),
    ...(config.instructions === undefined ? {} : { instructions: config.instructions }),
    pipeline: { roles, lockedFiles: await lockedFiles(projectDir), harnessFiles: [], stateDir: relative(projectDir, defaultStateDir(projectDir)) },
  });
}
