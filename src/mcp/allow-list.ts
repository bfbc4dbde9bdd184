import type { ToolSelection } from "../domain/agent-definition.js";
import { patternMatchesTool, patternMentionsServer } from "../agents/mcp-tool-patterns.js";

const grantsMcp = (tools: ToolSelection) => tools.mode === "all" || (tools.mode === "list" && tools.capabilities.includes("mcp"));

/** Whether an agent's file lets it use this tool of this server. No `tools` key allows every one. */
export function allowsMcpTool(tools: ToolSelection, server: string, tool: string): boolean {
  if (!grantsMcp(tools)) return false;
  if ((tools.mcp?.deny ?? []).some((pattern) => patternMatchesTool(pattern, server, tool))) return false;
  return tools.mode === "all" || (tools.mcp?.allow ?? []).some((pattern) => patternMatchesTool(pattern, server, tool));
}

/** Whether an agent may use any tool of this server: if not, the server is never started for it. */
export function mayUseServer(tools: ToolSelection, server: string): boolean {
  if (!grantsMcp(tools)) return false;
  return tools.mode === "all" || (tools.mcp?.allow ?? []).some((pattern) => patternMentionsServer(pattern, server));
}

/** Tools the file names one by one on a server (no wildcard): what a server that failed to start would have given. */
export function namedTools(tools: ToolSelection, server: string): string[] {
  return (tools.mcp?.allow ?? []).flatMap((pattern) => {
    const claude = new RegExp(`^mcp__${server.replace(/[.+?^${}()|[\]\\*]/g, "\\$&")}__([^*]+)$`).exec(pattern);
    const copilot = pattern.startsWith(`${server}/`) && !pattern.includes("*") ? pattern.slice(server.length + 1) : undefined;
    const name = claude?.[1] ?? copilot;
    return name === undefined ? [] : [name];
  });
}
