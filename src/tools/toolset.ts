import type { Capability, ToolSelection } from "../domain/agent-definition.js";
import type { Role } from "../domain/roles.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { createReadTool } from "./read-tool.js";
import { createWriteTool } from "./write-tool.js";
import { createEditTool } from "./edit-tool.js";
import { createBashTool } from "./bash-tool.js";
import { createGrepTool } from "./grep-tool.js";
import { createGlobTool } from "./glob-tool.js";
import { createReviewVerdictTool } from "./review-verdict-tool.js";
import { createAskHumanTool, type AskHuman } from "./ask-human-tool.js";
import { createWebFetchTool, type WebFetchOptions } from "./web-fetch-tool.js";
import { createTaskTool, type Subagents } from "./task-tool.js";
import { createTodoWriteTool } from "./todo-write-tool.js";

export interface ToolsetOptions {
  workspace: Workspace;
  capabilities: ToolSelection;
  role?: Role;
  runner: ProcessRunner;
  env: Record<string, string>;
  askHuman?: AskHuman;
  /** The MCP servers' tools this agent is allowed, already started. */
  mcpTools?: Tool[];
  webFetch?: WebFetchOptions;
  /** Without it (a subagent at the depth limit) no Task tool is offered. */
  subagents?: Subagents;
}

/** The tools an agent gets: what its capabilities allow, plus the workspace's own by role. */
export function createToolset(options: ToolsetOptions): Tool[] {
  const { workspace, subagents } = options;
  const byCapability: [Capability, () => Tool][] = [
    ["read", () => createReadTool(workspace) as Tool],
    ["write", () => createWriteTool(workspace) as Tool],
    ["edit", () => createEditTool(workspace) as Tool],
    ["bash", () => createBashTool(workspace, options.runner, options.env) as Tool],
    ["search", () => createGrepTool(workspace) as Tool],
    ["glob", () => createGlobTool(workspace) as Tool],
    ["web", () => createWebFetchTool(options.webFetch ?? { allowHosts: [] }) as Tool],
    ...(subagents ? [["task", () => createTaskTool(subagents) as Tool] as [Capability, () => Tool]] : []),
    ["todo", () => createTodoWriteTool() as Tool],
  ];
  const allowed = (capability: Capability): boolean =>
    options.capabilities.mode === "all" || (options.capabilities.mode === "list" && options.capabilities.capabilities.includes(capability));
  const tools: Tool[] = byCapability.filter(([capability]) => allowed(capability)).map(([capability, create]) => ({ ...create(), capability }));
  if (options.role === "reviewer") tools.push(createReviewVerdictTool() as Tool);
  if (options.askHuman) tools.push(createAskHumanTool(options.askHuman) as Tool);
  tools.push(...(options.mcpTools ?? []));
  return tools;
}
