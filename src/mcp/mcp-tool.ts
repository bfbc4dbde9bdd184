import { z } from "zod";
import type { Tool, ToolResult } from "../tools/tool.js";
import type { McpToolInfo } from "./mcp-connection.js";

/** The Messages API takes tool names of letters, digits, `_` and `-`, at most 64 of them. */
const MAX_NAME = 64;
const MAX_DESCRIPTION = 4_000;

const safe = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, "_");

/** The name the model calls a server's tool by: Claude Code's `mcp__server__tool`. */
export function mcpToolName(server: string, tool: string): string {
  return `mcp__${safe(server)}__${safe(tool)}`.slice(0, MAX_NAME);
}

const anyObject = z.record(z.string(), z.unknown());

/** The server checks the arguments against its own schema; the model is shown that schema as is. */
function modelSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return { ...rest, type: "object" };
}

export function createMcpTool(server: string, info: McpToolInfo, call: (args: Record<string, unknown>, signal: AbortSignal) => Promise<ToolResult>): Tool<Record<string, unknown>> {
  return {
    name: mcpToolName(server, info.name),
    // Permission rules on MCP tools (`mcp__s__t`, opencode's globs) are checked against this capability.
    capability: "mcp",
    description: (info.description || `${info.name} from the MCP server ${server}`).slice(0, MAX_DESCRIPTION),
    inputSchema: anyObject,
    jsonSchema: modelSchema(info.inputSchema),
    title: (input) => `${server} ${info.name} ${JSON.stringify(input).slice(0, 80)}`,
    execute: (input, context) => call(input, context.signal),
  };
}

/** Stands in for a tool the agent file names on a server that did not start, so the model learns why. */
export function unavailableMcpTool(server: string, tool: string, reason: string): Tool<Record<string, unknown>> {
  return {
    name: mcpToolName(server, tool),
    description: `${tool} from the MCP server ${server}, which did not start.`,
    inputSchema: anyObject,
    jsonSchema: { type: "object" },
    title: () => `${server} ${tool}`,
    execute: async () => ({ content: reason, isError: true, summary: "server did not start" }),
  };
}
