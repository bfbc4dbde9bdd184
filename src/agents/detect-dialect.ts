import type { Dialect } from "../domain/agent-definition.js";

/** The dialect a discovery place implies; explicit paths have none and are judged by path and keys. */
export const ORIGIN_DIALECT: Record<string, Dialect> = {
  builtin: "greenlight",
  ".claude/agents": "claude-code",
  ".github/agents": "copilot-agent",
  ".github/chatmodes": "copilot-chatmode",
  ".opencode/agent": "opencode",
  ".opencode/agents": "opencode",
  ".greenlight/agents": "greenlight",
};

function fromPath(file: string): Dialect | null {
  const path = file.replaceAll("\\", "/");
  if (path.endsWith(".chatmode.md")) return "copilot-chatmode";
  if (path.endsWith(".agent.md") || path.includes("/.github/agents/")) return "copilot-agent";
  if (path.includes("/.claude/agents/")) return "claude-code";
  if (/\/\.opencode\/agents?\//.test(path)) return "opencode";
  if (path.includes("/.gemini/agents/")) return "gemini";
  if (path.includes("/.greenlight/agents/")) return "greenlight";
  return null;
}

function fromKeys(data: Record<string, unknown>): Dialect {
  const tools = data["tools"];
  if ("max_turns" in data || "kind" in data || "display_name" in data || "timeout_mins" in data) return "gemini";
  if ("mode" in data || "permission" in data || "temperature" in data || (tools !== null && typeof tools === "object" && !Array.isArray(tools))) {
    return "opencode";
  }
  if ("handoffs" in data || "argument-hint" in data || "target" in data || "user-invocable" in data) return "copilot-agent";
  if (Array.isArray(tools) && tools.some((tool) => typeof tool === "string" && tool.includes("/"))) return "copilot-agent";
  if ("name" in data) return "claude-code";
  return "unknown";
}

/** Dialect from where the file was found, else its path, else the keys it uses. */
export function detectDialect(origin: string, file: string, data: Record<string, unknown> | null): Dialect {
  return ORIGIN_DIALECT[origin] ?? fromPath(file) ?? (data ? fromKeys(data) : "unknown");
}
