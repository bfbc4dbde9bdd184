import { join, resolve } from "node:path";
import { loadAgents } from "../agents/load-agents.js";
import type { AgentDefinition } from "../domain/agent-definition.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { EventBus } from "../events/event-bus.js";
import { commandIsolation, createProcessRunner, scrubbedEnvironment } from "../process/index.js";
import { readPeopleRules, readProjectConfig } from "../run/config.js";
import { openMcpServers } from "../run/open-mcp-servers.js";
import { openProvider } from "../run/open-provider.js";
import { subagentLimits, webFetchOptions } from "../run/tools-config.js";
import { reasoningConfig, reasoningFor } from "../run/reasoning-config.js";
import { createSessionFactory, type SessionFactory } from "../runtime/index.js";
import { sandboxSettings } from "../sandbox/sandbox-config.js";
import { standaloneContext } from "./agent-context.js";
import { UserError } from "./usage-error.js";

export interface StandaloneSession {
  agent: AgentDefinition;
  bus: EventBus;
  factory: SessionFactory;
  /** What to tell the person about the sandbox, once they are listening to the bus. */
  warning?: string;
  close(): Promise<void>;
}

/**
 * One agent run alone on the project, outside `greenlight run` (`greenlight agent`, the planner of
 * `greenlight plan --draft`): the project's agents, sandbox, permissions, MCP servers and model, with
 * the provider from a cassette, a recording or the API.
 */
export async function openStandaloneSession(options: {
  projectDir: string;
  name: string;
  cassette?: string | undefined;
  record?: string | undefined;
  model?: string | undefined;
  allow?: string[];
  busName: string;
}): Promise<StandaloneSession> {
  const { projectDir } = options;
  const config = readProjectConfig(projectDir);
  const workspaceModel = config.model;
  const catalog = await loadAgents({ projectDir, builtinDir: PACKAGE_ASSETS.builtinAgents, ...(workspaceModel ? { workspaceModel } : {}) });
  const agent = catalog.agents.find((candidate) => candidate.name === options.name);
  if (!agent) throw new UserError(`no agent named '${options.name}'; known: ${catalog.agents.map((a) => a.name).join(", ") || "none"}`, 2);
  const people = readPeopleRules(projectDir, config, options.allow ?? []);
  const sandbox = { ...sandboxSettings(projectDir, config), readOnly: [join(projectDir, ".greenlight")] };
  const isolation = await commandIsolation(sandbox.mode);
  if (isolation.refusal !== undefined) throw new UserError(isolation.refusal, 2);
  const provider = await openProvider({ cassette: options.cassette, ...(options.record ? { record: resolve(options.record) } : {}) });
  const bus = new EventBus(options.busName);
  const env = scrubbedEnvironment(process.env);
  const mcp = await openMcpServers(projectDir, env, (message) => bus.publish({ type: "log", level: "warn", message }));
  const runner = createProcessRunner({ sandbox });
  const factory = createSessionFactory({
    projectDir,
    protectedDirs: [".greenlight"],
    provider,
    runner,
    env,
    mcpTools: (allowed) => mcp.toolsFor(allowed),
    models: { flag: options.model, env: process.env.GREENLIGHT_MODEL, config: workspaceModel },
    systemFor: async (chosen, role) => (await standaloneContext(projectDir, chosen, role)).system,
    permissions: people,
    webFetch: webFetchOptions(config.tools),
    subagents: { catalog: catalog.agents, limits: subagentLimits(config.tools) },
    reasoningFor: (chosen, role) => reasoningFor(reasoningConfig(config), chosen, role),
    ...(config.pricing ? { pricing: config.pricing } : {}),
    ...(config.contextEditing ? { contextEditing: config.contextEditing } : {}),
  });
  const close = async () => {
    await mcp.close();
    await runner.close();
  };
  return { agent, bus, factory, ...(isolation.warning === undefined ? {} : { warning: isolation.warning }), close };
}
