import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Role } from "../domain/roles.js";
import type { EventBus } from "../events/event-bus.js";
import { createTestLock, type LockRefusal, type TestLock } from "../gates/test-lock.js";
import { describePart } from "../gates/test-harness.js";
import type { McpServers } from "../mcp/index.js";
import type { AgentSessions } from "../person/agent-sessions.js";
import type { Inbox } from "../person/inbox.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { gitProject, type GitProject } from "../project/git-diff.js";
import { withProjectVenv } from "../project/project-venv.js";
import type { ModelProvider } from "../provider/model-provider.js";
import { createSessionFactory } from "../runtime/index.js";
import type { StateStore } from "../store/state-store.js";
import type { ModelChoice } from "../agents/choose-model.js";
import { createAgentRunner, type AgentRunner } from "./agent-runner.js";
import type { RunConfig } from "./config.js";
import { openMcpServers } from "./open-mcp-servers.js";
import { recordTamper } from "./record-tamper.js";
import { runSessionContext } from "./session-context-source.js";
import { subagentLimits, webFetchOptions } from "./tools-config.js";
import { reasoningFor } from "./reasoning-config.js";
import type { Spend } from "./run-spend.js";

/** What every workplace of a run shares. */
export interface WorkplaceShared {
  stateDir: string;
  config: RunConfig;
  store: StateStore;
  bus: EventBus;
  agents: Record<Role, AgentDefinition>;
  catalog: AgentDefinition[];
  provider: ModelProvider;
  runner: ProcessRunner;
  env: Record<string, string>;
  models: ModelChoice;
  sessions: AgentSessions;
  inbox?: Inbox;
  /** The whole run's spend: the budgets hold for the run. */
  runSpent: () => Spend;
}

/**
 * Where a requirement's work is done: the project itself (one requirement at a time), or the
 * requirement's own worktree (a parallel run). Its agents' tools, the test lock, the MCP servers and
 * git all act on its folder and nowhere else.
 */
export interface Workplace {
  dir: string;
  lock: TestLock;
  git: GitProject;
  agentRunner: AgentRunner;
  close(): Promise<void>;
}

export interface WorkplaceOptions {
  dir: string;
  /** The requirement a refused write belongs to (a lane's own, or the one the run works on now). */
  requirementNow: () => string;
  /** Left out of git trees: dependency folders linked into a worktree (symlinks .gitignore does not match). */
  gitExclude?: readonly string[];
  /** A lane's sessions are its own: the same agent works in several lanes at once. */
  lane?: string;
}

export async function openWorkplace(shared: WorkplaceShared, options: WorkplaceOptions): Promise<Workplace> {
  const { store, bus, config } = shared;
  const refused = (refusal: LockRefusal) => {
    const reason = refusal.kind === "harness" ? `${refusal.parts.map(describePart).join(", ")} is part of the locked test harness` : `${refusal.file} is a locked test file`;
    recordTamper(store, bus, options.requirementNow(), { agent: refusal.agent, caught: "tool", kind: refusal.kind, files: [refusal.file], tests: [], reason }).catch((error: Error) =>
      bus.publish({ type: "log", level: "error", message: `could not record a tamper attempt: ${error.message}` }),
    );
  };
  const lock = createTestLock(shared.agents.qa.name, config.testCommand, refused);
  const servers: McpServers = await openMcpServers(options.dir, shared.env, (message) => bus.publish({ type: "log", level: "warn", message }, options.lane));
  const factory = createSessionFactory({
    projectDir: options.dir,
    protectedDirs: [shared.stateDir],
    provider: shared.provider,
    runner: shared.runner,
    env: withProjectVenv(options.dir, shared.env),
    models: shared.models,
    writeGuards: [lock.guard],
    budgets: { ...config.budgets, runSpent: shared.runSpent },
    ...(config.pricing ? { pricing: config.pricing } : {}),
    ...(config.contextEditing ? { contextEditing: config.contextEditing } : {}),
    systemFor: runSessionContext({ projectDir: options.dir, stateDir: shared.stateDir, config, store, currentRequirement: () => options.requirementNow() || undefined }),
    permissions: config.permissions,
    mcpTools: (agent) => servers.toolsFor(agent),
    webFetch: webFetchOptions(config.tools),
    subagents: { catalog: shared.catalog, limits: subagentLimits(config.tools) },
    reasoningFor: (agent, role) => reasoningFor(config.reasoning, agent, role),
  });
  const agentRunner = createAgentRunner({
    factory,
    agents: shared.agents,
    catalog: shared.catalog,
    sessions: shared.sessions,
    ...(shared.inbox ? { inbox: shared.inbox } : {}),
    ...(options.lane ? { lane: options.lane } : {}),
    ...(config.fallbackModel ? { fallbackModel: config.fallbackModel } : {}),
    publish: (event, requirement) => bus.publish(event, requirement),
  });
  const git = gitProject({ runner: shared.runner, projectDir: options.dir, env: shared.env, stateDir: shared.stateDir, ...(options.gitExclude ? { exclude: options.gitExclude } : {}) });
  return { dir: options.dir, lock, git, agentRunner, close: () => servers.close() };
}

/** A lane's workplace, known by its requirement while it is open (the workspace diffs a lane in its worktree). */
export async function openLaneWorkplace(shared: WorkplaceShared, options: WorkplaceOptions, open: Map<string, Workplace>): Promise<Workplace> {
  const place = await openWorkplace(shared, options);
  const lane = options.lane ?? options.dir;
  open.set(lane, place);
  return {
    ...place,
    close: async () => {
      open.delete(lane);
      await place.close();
    },
  };
}
