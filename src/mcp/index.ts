export { McpServers, serversOfAgent, type McpServersOptions, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_START_TIMEOUT_MS } from "./mcp-servers.js";
export { readServerConfigs, agentServerConfigs } from "./read-server-configs.js";
export { McpConfigError, describeTransport, type McpServerConfig } from "./server-config.js";
export { greenlightMcpServersSchema } from "./config-formats.js";
export { mcpToolName } from "./mcp-tool.js";
