import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Tool } from "../tools/tool.js";
import { allowsMcpTool, mayUseServer, namedTools } from "./allow-list.js";
import type { ConnectOptions, McpConnection } from "./mcp-connection.js";
import { createMcpTool, unavailableMcpTool } from "./mcp-tool.js";
import { agentServerConfigs } from "./read-server-configs.js";
import type { McpServerConfig } from "./server-config.js";

export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

export interface McpServersOptions extends Omit<ConnectOptions, "startTimeoutMs" | "callTimeoutMs"> {
  /** The servers the project's config files declare. */
  servers: McpServerConfig[];
  startTimeoutMs?: number;
  callTimeoutMs?: number;
  /** A server that did not start, or an agent's bad inline definition: said to people, once. */
  onNotice?: (message: string) => void;
}

type Started = McpConnection | Error;

/**
 * The servers an agent may use tools of: the project's and those its file defines (which win by name).
 * Throws an McpConfigError for a bad definition in the agent file.
 */
export function serversOfAgent(agent: AgentDefinition, configured: McpServerConfig[]): McpServerConfig[] {
  const own = agentServerConfigs(agent);
  const ownNames = new Set(own.map((server) => server.name));
  return [...configured.filter((server) => !ownNames.has(server.name)), ...own].filter((server) => mayUseServer(agent.tools, server.name));
}

/**
 * A run's (or a command's) MCP servers. The tool list must be known when a session starts, so a
 * server starts when the first session whose agent may use some of its tools begins, and serves every
 * later session of the run; sessions whose agents may use none never start or wait for one. A server
 * that died is started again by the next session that needs it; one that failed to start is not
 * retried in the run. close() stops them all.
 */
export class McpServers {
  private readonly started = new Map<string, Promise<Started>>();
  private readonly everyStart: Promise<Started>[] = [];
  private closed = false;

  constructor(private readonly options: McpServersOptions) {}

  /** The MCP tools an agent's session is offered, starting the servers it needs that are not running. */
  async toolsFor(agent: AgentDefinition): Promise<Tool[]> {
    let servers: McpServerConfig[];
    try {
      servers = serversOfAgent(agent, this.options.servers);
    } catch (error) {
      this.options.onNotice?.((error as Error).message);
      return [];
    }
    if (servers.length === 0 || this.closed) return [];
    const lists = await Promise.all(
      servers.map(async (server) => {
        const connection = await this.connection(server);
        if (connection instanceof Error) return namedTools(agent.tools, server.name).map((tool) => unavailableMcpTool(server.name, tool, connection.message));
        return connection.tools
          .filter((tool) => allowsMcpTool(agent.tools, server.name, tool.name))
          .map((tool) => createMcpTool(server.name, tool, (args, signal) => connection.call(tool.name, args, signal)));
      }),
    );
    const byName = new Map<string, Tool>();
    for (const tool of lists.flat()) if (!byName.has(tool.name)) byName.set(tool.name, tool);
    return [...byName.values()];
  }

  private async connection(server: McpServerConfig): Promise<Started> {
    const key = server.agentFile === undefined ? server.name : `${server.agentFile}#${server.name}`;
    const existing = this.started.get(key);
    if (existing) {
      const value = await existing;
      if (value instanceof Error || value.alive) return value;
    }
    const starting = this.start(server);
    this.started.set(key, starting);
    this.everyStart.push(starting);
    return starting;
  }

  private async start(server: McpServerConfig): Promise<Started> {
    // The SDK loads with the first server: runs without MCP never pay for it.
    const { connectServer } = await import("./mcp-connection.js");
    try {
      return await connectServer(server, {
        ...this.options,
        startTimeoutMs: this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        callTimeoutMs: this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      });
    } catch (error) {
      this.options.onNotice?.((error as Error).message);
      return error as Error;
    }
  }

  /** Stops every server this run started; later sessions get no MCP tools. */
  async close(): Promise<void> {
    this.closed = true;
    const all = await Promise.all(this.everyStart);
    await Promise.all(all.map((started) => (started instanceof Error ? undefined : started.close())));
  }
}
