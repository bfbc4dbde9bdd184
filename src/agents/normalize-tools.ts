import type { Capability, ToolSelection } from "../domain/agent-definition.js";
import { CAPABILITY_ORDER as CAPABILITIES } from "./capability-order.js";
import { capabilitiesOfTool, isMcpToolName } from "./tool-vocabulary.js";
import { standInWarning } from "./offered-tools.js";
import { toolTokens } from "./tool-tokens.js";

export interface ToolsResult {
  tools: ToolSelection;
  warnings: string[];
}

const ALL: ToolSelection = { mode: "all", capabilities: [...CAPABILITIES], raw: [] };


/** Trims a token and strips one layer of quotes or list brackets a lenient parse may have left. */
function cleanToken(token: string): string {
  return token
    .trim()
    .replace(/^\[|\]$/g, "")
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2")
    .trim();
}

function ordered(capabilities: Iterable<Capability>): Capability[] {
  const set = new Set(capabilities);
  return CAPABILITIES.filter((capability) => set.has(capability));
}

function fromTokens(raw: string[], warnings: string[]): ToolSelection {
  if (raw.length === 0) return { mode: "none", capabilities: [], raw };
  if (raw.includes("*")) return { ...ALL, raw };
  const granted: Capability[] = [];
  const unknown: string[] = [];
  for (const token of raw) {
    const capabilities = capabilitiesOfTool(token);
    if (capabilities) {
      granted.push(...capabilities);
      const standIn = standInWarning(token, capabilities);
      if (standIn) warnings.push(standIn);
    } else unknown.push(token);
  }
  if (unknown.length > 0) warnings.push(`tools: greenlight has no equivalent for ${unknown.map((name) => `'${name}'`).join(", ")}; kept as written, not granted`);
  const mcpTools = raw.filter(isMcpToolName);
  return { mode: "list", capabilities: ordered(granted), raw, ...(mcpTools.length > 0 ? { mcp: { allow: mcpTools, deny: [] } } : {}) };
}

/**
 * opencode's `{tool: true|false}` map switches tools on top of "everything enabled", so the result is
 * every capability minus the ones switched off.
 */
function fromBooleanMap(map: Record<string, unknown>, warnings: string[]): ToolSelection {
  const raw: string[] = [];
  const disabled = new Set<Capability>();
  const unknown: string[] = [];
  const mcpDenied: string[] = [];
  for (const [name, value] of Object.entries(map)) {
    const enabled = value === true || value === "true";
    raw.push(`${name}=${enabled}`);
    const capabilities = capabilitiesOfTool(name);
    // opencode names MCP tools `server_tool`: a name switched off that is no built-in tool may be one.
    if (!enabled && (!capabilities || isMcpToolName(name))) mcpDenied.push(name);
    if (!capabilities) unknown.push(name);
    else if (enabled) {
      const standIn = standInWarning(name, capabilities);
      if (standIn) warnings.push(standIn);
    } else capabilities.filter((capability) => capability !== "mcp").forEach((capability) => disabled.add(capability));
  }
  if (unknown.length > 0) warnings.push(`tools: greenlight has no equivalent for ${unknown.map((name) => `'${name}'`).join(", ")}; kept as written`);
  // Every MCP tool stays on unless switched off by name or glob.
  const mcp = { allow: ["*"], deny: mcpDenied };
  if (disabled.size === 0) return { ...ALL, raw, mcp };
  return { mode: "list", capabilities: CAPABILITIES.filter((capability) => !disabled.has(capability)), raw, mcp };
}

/**
 * Normalises a `tools` value of any dialect. `present` distinguishes an absent key (all tools) from
 * `tools:` with no value (none, as in Claude Code 2.1).
 */
export function normalizeTools(value: unknown, present: boolean): ToolsResult {
  const warnings: string[] = [];
  if (!present) return { tools: { ...ALL }, warnings };
  if (value === null || value === undefined) return { tools: { mode: "none", capabilities: [], raw: [] }, warnings };
  if (typeof value === "string") return { tools: fromTokens(toolTokens(value).map(cleanToken).filter(Boolean), warnings), warnings };
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string | number => typeof item === "string" || typeof item === "number");
    if (strings.length < value.length) warnings.push("tools: expected every list item to be a tool name; dropped the others");
    return { tools: fromTokens(strings.map((item) => cleanToken(String(item))).filter(Boolean), warnings), warnings };
  }
  if (typeof value === "object") return { tools: fromBooleanMap(value as Record<string, unknown>, warnings), warnings };
  warnings.push(`tools: expected a list or a comma-separated string, got ${JSON.stringify(value)}; ignored, so all tools apply`);
  return { tools: { ...ALL }, warnings };
}
