import { McpServers, readServerConfigs } from "../mcp/index.js";

/** The MCP servers the project's config files declare (none started yet); a broken file is a ConfigError. */
export async function openMcpServers(projectDir: string, env: Record<string, string>, onNotice: (message: string) => void): Promise<McpServers> {
  return new McpServers({ servers: await readServerConfigs(projectDir), projectDir, env, hostEnv: process.env, onNotice });
}
