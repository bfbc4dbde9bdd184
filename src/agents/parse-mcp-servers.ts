import type { AgentMcpServer } from "../domain/agent-definition.js";

export interface McpServersResult {
  servers: AgentMcpServer[];
  warnings: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function entry(name: string, definition: unknown, warnings: string[]): AgentMcpServer | undefined {
  if (isRecord(definition)) return { name, definition };
  warnings.push(`mcpServers: expected server '${name}' to be defined by an object (command and args, or type and url); ignored`);
  return undefined;
}

/**
 * Claude Code's `mcpServers:` frontmatter: a list whose items are the name of a configured server or
 * `{NAME: {command, args, env} | {type, url, headers}}` defining one for this agent. A map of
 * definitions (the `.mcp.json` shape) is taken too.
 */
export function parseMcpServers(value: unknown): McpServersResult {
  const warnings: string[] = [];
  const servers: AgentMcpServer[] = [];
  const add = (server: AgentMcpServer | undefined) => server && servers.push(server);
  if (value === undefined || value === null) return { servers, warnings };
  if (isRecord(value)) {
    for (const [name, definition] of Object.entries(value)) add(entry(name, definition, warnings));
    return { servers, warnings };
  }
  if (!Array.isArray(value)) {
    warnings.push(`mcpServers: expected a list of server names or definitions, got ${JSON.stringify(value)}; ignored`);
    return { servers, warnings };
  }
  for (const item of value) {
    if (typeof item === "string" && item.trim()) servers.push({ name: item.trim() });
    else if (isRecord(item) && Object.keys(item).length === 1) {
      const [name, definition] = Object.entries(item)[0]!;
      add(entry(name, definition, warnings));
    } else warnings.push(`mcpServers: expected a server name or {NAME: definition}, got ${JSON.stringify(item)}; ignored`);
  }
  return { servers, warnings };
}
