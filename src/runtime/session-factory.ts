import { chooseModel, type ModelChoice } from "../agents/choose-model.js";
import type { AgentDefinition, PermissionRule } from "../domain/agent-definition.js";
import { offeredTools } from "../permissions/offered-tools.js";
import { createPermissionGate, type PermissionRequest, type PersonAnswer } from "./permission-gate.js";
import type { Message } from "../domain/conversation.js";
import type { ReasoningSettings } from "../domain/reasoning.js";
import type { AgentEvent, SubagentEvent } from "../domain/events.js";
import type { Role } from "../domain/roles.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { ModelProvider } from "../provider/model-provider.js";
import type { PriceOverride } from "../provider/pricing.js";
import type { ContextEditing } from "../domain/context-editing.js";
import { createToolset, Workspace, type AskHuman, type Tool, type WebFetchOptions, type WriteGuard } from "../tools/index.js";
import { drainSession, runSession } from "./run-session.js";
import type { SessionBudgets, SessionOutcome } from "./session-options.js";
import { subagentsFor, type Caller, type SubagentConfig } from "./subagent-starter.js";

/** What every session of one command shares: where tools may act, the model provider and the model choice. */
export interface SessionFactoryOptions {
  projectDir: string;
  /** Folders tools never write (the state folder). */
  protectedDirs: string[];
  provider: ModelProvider;
  runner: ProcessRunner;
  /** The environment tools' commands see, already scrubbed of secrets. */
  env: Record<string, string>;
  models: ModelChoice;
  writeGuards?: WriteGuard[];
  budgets?: SessionBudgets;
  pricing?: Record<string, PriceOverride>;
  contextEditing?: ContextEditing;
  /** Each session's system prompt blocks (the agent's body with its context); the body alone when absent. */
  systemFor?: SystemPromptSource;
  /** The team's rules (greenlight.json) and the person's `--allow` grants, merged with each agent's own. */
  permissions?: { team: readonly PermissionRule[]; granted: readonly PermissionRule[] };
  /** The MCP tools an agent's file allows, its servers started (once per run) when a session first needs them. */
  mcpTools?: (agent: AgentDefinition) => Promise<Tool[]>;
  /** WebFetch's allowed hosts (none: only public addresses). */
  webFetch?: WebFetchOptions;
  /** The agents Task may start; without it no agent gets Task. */
  subagents?: SubagentConfig;
  /** Thinking and effort for an agent in a role (greenlight.json and the agent's file); the model's defaults when absent. */
  reasoningFor?: (agent: AgentDefinition, role: Role | undefined) => ReasoningSettings;
}

export type SystemPromptSource = (agent: AgentDefinition, role: Role | undefined, requirement: string | undefined) => Promise<readonly string[]>;

export interface SessionRequest {
  agent: AgentDefinition;
  role?: Role;
  prompt: string;
  requirement?: string;
  /** Earlier turns to continue from. */
  priorMessages?: Message[];
  /** A model instead of the agent's own (the fallback model taking a refused task's retry). */
  model?: string;
  /** Given when someone can answer the agent's questions (the AskHuman tool). */
  askHuman?: AskHuman;
  /** Given when a person can allow or deny a call that asks; without it such a call is refused. */
  askPermission?: (request: PermissionRequest, signal: AbortSignal) => Promise<PersonAnswer | undefined>;
  signal: AbortSignal;
  /** The person's messages queued while the agent works, delivered at its turn boundaries (a top-level session only). */
  takeQueuedMessages?: () => string[];
  /** The session's events, and its subagents' wrapped as its own. */
  onEvent: (event: AgentEvent | SubagentEvent) => void;
}

export interface SessionFactory {
  modelOf(agent: AgentDefinition): string;
  run(request: SessionRequest): Promise<SessionOutcome>;
}

/**
 * The one way to build an agent session, used by `greenlight run` (stages, handoffs, the person's
 * messages) and `greenlight agent`: the same model precedence, the same tools for the same capabilities,
 * confined to the project the same way.
 */
export function createSessionFactory(options: SessionFactoryOptions): SessionFactory {
  const modelOf = (agent: AgentDefinition) => chooseModel(agent, options.models);

  /** A subagent (depth > 0) writes with its top caller's rights: the guards see the caller's name. */
  async function runAt(request: SessionRequest, caller: Caller): Promise<SessionOutcome> {
    const guards = (options.writeGuards ?? []).map((guard): WriteGuard => (caller.depth === 0 ? guard : (path, _agent, content) => guard(path, caller.actsFor, content)));
    const workspace = await Workspace.create({ projectDir: options.projectDir, protectedDirs: options.protectedDirs, writeGuards: guards });
    const runSubagent = (agent: AgentDefinition, prompt: string, sub: Caller, signal: AbortSignal, onEvent: SessionRequest["onEvent"]) =>
      runAt({ agent, prompt, ...(request.requirement ? { requirement: request.requirement } : {}), signal, onEvent }, sub);
    const subagents = subagentsFor(options.subagents, caller, runSubagent, request.onEvent);
    const team = options.permissions?.team ?? [];
    // A subagent is ruled by its own file's permissions and the team's; with no person to ask, its asks are refused.
    const permissions = createPermissionGate({
      agent: request.agent,
      projectDir: options.projectDir,
      team,
      granted: options.permissions?.granted ?? [],
      ...(request.askPermission ? { askPerson: request.askPermission } : {}),
    });
    const tools = createToolset({
      workspace,
      capabilities: offeredTools(request.agent.tools, { agent: request.agent.permissions, team }),
      ...(request.role ? { role: request.role } : {}),
      runner: options.runner,
      env: options.env,
      ...(request.askHuman ? { askHuman: request.askHuman } : {}),
      mcpTools: (await options.mcpTools?.(request.agent)) ?? [],
      ...(options.webFetch ? { webFetch: options.webFetch } : {}),
      ...(subagents ? { subagents } : {}),
    });
    const system = await options.systemFor?.(request.agent, request.role, request.requirement);
    const session = runSession({
      agent: request.agent,
      ...(request.role ? { role: request.role } : {}),
      model: request.model ?? modelOf(request.agent),
      provider: options.provider,
      tools,
      prompt: request.prompt,
      ...(system ? { system } : {}),
      ...(request.requirement ? { requirement: request.requirement } : {}),
      ...(request.priorMessages ? { priorMessages: request.priorMessages } : {}),
      signal: request.signal,
      permissions,
      ...(options.budgets ? { budgets: options.budgets } : {}),
      ...(request.takeQueuedMessages ? { takeQueuedMessages: request.takeQueuedMessages } : {}),
      ...(options.pricing ? { pricing: options.pricing } : {}),
      ...(options.contextEditing ? { contextEditing: options.contextEditing } : {}),
      ...(options.reasoningFor ? { reasoning: options.reasoningFor(request.agent, request.role) } : {}),
    });
    return drainSession(session, request.onEvent);
  }

  return {
    modelOf,
    run: (request) => runAt(request, { name: request.agent.name, actsFor: request.agent.name, depth: 0 }),
  };
}
