/**
 * How the MCP tool names agent files write match a server's tools. One tool goes by
 * `mcp__server__tool` (Claude Code), `server/tool` (Copilot) and `server_tool` (opencode); `*` is a
 * wildcard in any of them, and `mcp__server` alone means every tool of the server.
 */

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Claude Code's `mcp__server` (no tool part) names the whole server. */
function expanded(pattern: string): string {
  return /^mcp__/.test(pattern) && !pattern.slice(5).includes("__") ? `${pattern}__*` : pattern;
}

export function patternMatchesTool(pattern: string, server: string, tool: string): boolean {
  const regex = globRegex(expanded(pattern));
  return [`mcp__${server}__${tool}`, `${server}/${tool}`, `${server}_${tool}`].some((name) => regex.test(name));
}

/** The server part of a Claude Code or Copilot pattern; opencode's `server_tool` has no marked end. */
function serverPart(pattern: string): string | undefined {
  const claude = /^mcp__(.+?)(?:__.*)?$/.exec(pattern);
  if (claude) return claude[1];
  const slash = pattern.indexOf("/");
  return slash > 0 ? pattern.slice(0, slash) : undefined;
}

/** Whether the pattern may match some tool of the server (before the server is asked for its tools). */
export function patternMentionsServer(pattern: string, server: string): boolean {
  const part = serverPart(pattern);
  if (part !== undefined) return globRegex(part).test(server);
  return pattern.startsWith(`${server}_`) || globRegex(pattern).test(`${server}_\u0000`);
}

/**
 * The server a pattern names when none of the configured ones fits it, for a lint warning; undefined
 * when it fits one, or when its server part is a wildcard (or Gemini's ambiguous `mcp_server_tool`).
 */
export function unconfiguredServerOf(pattern: string, configured: Iterable<string>): string | undefined {
  const names = [...configured];
  if (names.some((name) => patternMentionsServer(pattern, name))) return undefined;
  if (/^mcp_[^_]/.test(pattern)) return undefined;
  const server = serverPart(pattern) ?? (pattern.endsWith("_*") ? pattern.slice(0, -2) : pattern.split("_")[0]!);
  return server.includes("*") || server === "" ? undefined : server;
}
