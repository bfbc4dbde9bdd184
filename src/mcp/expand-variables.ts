import type { McpServerConfig, McpTransportConfig } from "./server-config.js";
import { McpConfigError } from "./server-config.js";

/** greenlight's own credentials: a server config may name them, but never gets them. */
const NEVER_PASSED = new Set(["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"]);

/** `${env:VAR}` (VS Code), `${VAR}` and `${VAR:-default}` (Claude Code), `{env:VAR}` (opencode), `${workspaceFolder}`, `${input:id}`. */
const REFERENCE = /\$\{env:([^}]+)\}|\$\{(input:[^}]+|workspaceFolder)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\{env:([^}]+)\}/g;

export interface ExpandContext {
  projectDir: string;
  /** greenlight's environment, read only where a config names a variable. */
  hostEnv: NodeJS.ProcessEnv;
}

function expand(text: string, server: McpServerConfig, context: ExpandContext): string {
  return text.replace(REFERENCE, (whole, vscodeVar?: string, special?: string, claudeVar?: string, fallback?: string, opencodeVar?: string) => {
    if (special === "workspaceFolder") return context.projectDir;
    if (special !== undefined) throw new McpConfigError(`${server.file}: server '${server.name}': ${whole} asks VS Code to prompt for a value, which greenlight cannot; use \${env:NAME} and set NAME`);
    const name = (vscodeVar ?? claudeVar ?? opencodeVar)!;
    if (NEVER_PASSED.has(name)) throw new McpConfigError(`${server.file}: server '${server.name}': ${whole}: greenlight never passes its own API key to an MCP server`);
    const value = context.hostEnv[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new McpConfigError(`${server.file}: server '${server.name}': ${whole}: ${name} is not set in greenlight's environment`);
  });
}

const expandMap = (map: Record<string, string>, server: McpServerConfig, context: ExpandContext) =>
  Object.fromEntries(Object.entries(map).map(([key, value]) => [key, expand(value, server, context)]));

/** The server's transport with every variable reference resolved; an unset variable is an McpConfigError. */
export function expandTransport(server: McpServerConfig, context: ExpandContext): McpTransportConfig {
  const { transport } = server;
  if (transport.type === "stdio") {
    return {
      type: "stdio",
      command: expand(transport.command, server, context),
      args: transport.args.map((arg) => expand(arg, server, context)),
      env: expandMap(transport.env, server, context),
    };
  }
  return { type: "http", url: expand(transport.url, server, context), headers: expandMap(transport.headers, server, context) };
}
