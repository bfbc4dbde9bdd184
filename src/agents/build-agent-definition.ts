import { basename, relative } from "node:path";
import type { AgentDefinition, Diagnostic, Dialect } from "../domain/agent-definition.js";
import type { AgentSource } from "./agent-catalog.js";
import { LONG_PROMPT_CHARS } from "./limits.js";
import { capabilitiesOfTool, isMcpToolName } from "./tool-vocabulary.js";
import { unconfiguredServerOf } from "./mcp-tool-patterns.js";
import { parseMcpServers } from "./parse-mcp-servers.js";
import { normalizeTools } from "./normalize-tools.js";
import { parseHandoffs } from "./parse-handoffs.js";
import { resolveModel } from "./resolve-model.js";
import { readAgentPermissions } from "./read-permissions.js";
import { toolTokens } from "./tool-tokens.js";
import { isScopedRule } from "../permissions/rule-syntax.js";
import { unusedKeyWarnings } from "./unused-keys.js";
import { readEffort } from "./read-effort.js";

const PERMISSION_MODES = new Set(["default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan", "manual"]);
const AGENT_SUFFIX = /(\.agent|\.chatmode)?\.md$/i;

export interface DefinitionInput {
  source: AgentSource;
  dialect: Dialect;
  data: Record<string, unknown>;
  body: string;
  keyLines: Map<string, number>;
  workspaceModel?: string;
  /** The MCP servers the project configures; given, MCP tools and servers naming others are warned about. */
  mcpServers?: readonly string[];
}

export interface DefinitionResult {
  agent: AgentDefinition | null;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

/** Copilot names an agent after its file; opencode after its path below the agent folder. */
function nameFromFile(source: AgentSource, dialect: Dialect): string {
  if (dialect === "opencode" && source.root) return relative(source.root, source.file).replaceAll("\\", "/").replace(AGENT_SUFFIX, "");
  return basename(source.file).replace(AGENT_SUFFIX, "");
}

/** The file as its rules' sources name it: `.opencode/agent/x.md` for a project's, else as found. */
function shownFile(source: AgentSource): string {
  if (!source.root) return source.file;
  const below = relative(source.root, source.file).replaceAll("\\", "/");
  return source.origin.startsWith(".") ? `${source.origin}/${below}` : `${basename(source.root)}/${below}`;
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function positiveInteger(value: unknown): number | null {
  const number = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number > 0 ? number : null;
}

/** Turns parsed frontmatter and body into the normalised definition, collecting what it had to fix. */
export function buildAgentDefinition(input: DefinitionInput): DefinitionResult {
  const { data, source, dialect, keyLines } = input;
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const at = (key: string) => keyLines.get(key);
  const warn = (key: string, message: string) => warnings.push({ message, line: at(key) });

  let name = nameFromFile(source, dialect);
  if (data["name"] !== undefined && data["name"] !== null) {
    const written = scalarText(data["name"])?.trim();
    if (written) name = written;
    else errors.push({ line: at("name"), message: `name: expected the agent's name as text, got ${JSON.stringify(data["name"])}` });
  } else if (dialect === "claude-code" || dialect === "greenlight") warn("name", `name: missing (Claude Code requires it); named '${name}' after the file`);

  let description = "";
  if (data["description"] === undefined || data["description"] === null) {
    warnings.push({ message: "description: missing; expected a sentence saying when to use this agent", line: at("description") });
  } else {
    const written = scalarText(data["description"]);
    if (written === null) errors.push({ line: at("description"), message: `description: expected text, got ${JSON.stringify(data["description"])}` });
    else description = written.replace(/\\n/g, "\n").trim();
  }

  const tools = normalizeTools(data["tools"], Object.hasOwn(data, "tools"));
  tools.warnings.forEach((message) => warn("tools", message));
  const permissions = readAgentPermissions(data, tools.tools, shownFile(source));
  permissions.warnings.forEach(({ key, message }) => warn(key, message));
  applyDisallowedTools(tools.tools, data["disallowedTools"]);
  unusedKeyWarnings(data).forEach(({ key, message }) => warn(key, message));

  const model = resolveModel(data["model"], input.workspaceModel);
  if (model.warning) warn("model", model.warning);

  const handoffs = parseHandoffs(data["handoffs"], input.workspaceModel);
  handoffs.warnings.forEach((message) => warn("handoffs", message));

  const prompt = input.body.replace(/^\s*\n/, "").trimEnd();
  if (prompt.length === 0) warnings.push({ message: "body: empty; expected the agent's instructions after the frontmatter" });
  if (prompt.length > LONG_PROMPT_CHARS) warnings.push({ message: `body: ${prompt.length} characters, above the ${LONG_PROMPT_CHARS} GitHub allows for a prompt` });

  if (errors.length > 0) return { agent: null, warnings, errors };
  const agent: AgentDefinition = {
    name,
    description,
    prompt,
    dialect,
    source: { file: source.file, origin: source.origin },
    tools: tools.tools,
    model: model.model,
    handoffs: handoffs.handoffs,
    permissions: permissions.permissions,
    frontmatter: data,
  };
  readOptionalFields(agent, data, warn);
  readMcpServers(agent, data, input.mcpServers, warn);
  return { agent, warnings, errors };
}

/** The agent's own `mcpServers:`, and (when the project's servers are known) what names none of them. */
function readMcpServers(agent: AgentDefinition, data: Record<string, unknown>, configured: readonly string[] | undefined, warn: (key: string, message: string) => void): void {
  const parsed = parseMcpServers(data["mcpServers"]);
  parsed.warnings.forEach((message) => warn("mcpServers", message));
  if (parsed.servers.length > 0) agent.mcpServers = parsed.servers;
  if (!configured) return;
  const known = new Set([...configured, ...parsed.servers.filter((server) => server.definition).map((server) => server.name)]);
  for (const server of parsed.servers) {
    if (!server.definition && !known.has(server.name)) warn("mcpServers", `${server.name}: no MCP server named ${server.name} is configured`);
  }
  for (const pattern of agent.tools.mcp?.allow ?? []) {
    const missing = unconfiguredServerOf(pattern, known);
    if (missing !== undefined) warn("tools", `${pattern}: no MCP server named ${missing} is configured`);
  }
}

function readOptionalFields(agent: AgentDefinition, data: Record<string, unknown>, warn: (key: string, message: string) => void): void {
  const turnsKey = ["maxTurns", "max_turns", "steps", "maxSteps"].find((key) => data[key] !== undefined && data[key] !== null);
  if (turnsKey) {
    const turns = positiveInteger(data[turnsKey]);
    if (turns === null) warn(turnsKey, `${turnsKey}: expected a positive whole number, got ${JSON.stringify(data[turnsKey])}; ignored`);
    else agent.maxTurns = turns;
  }
  if (data["color"] !== undefined && data["color"] !== null) {
    if (typeof data["color"] === "string") agent.color = data["color"];
    else warn("color", `color: expected a colour name or #RRGGBB, got ${JSON.stringify(data["color"])}; ignored`);
  }
  const effort = readEffort(data);
  if (effort.warning) warn(effort.key, effort.warning);
  if (effort.effort) agent.reasoning = { effort: effort.effort };
  if (data["permissionMode"] !== undefined && data["permissionMode"] !== null) {
    const mode = data["permissionMode"];
    if (typeof mode === "string" && PERMISSION_MODES.has(mode)) agent.permissionMode = mode;
    else warn("permissionMode", `permissionMode: expected one of ${[...PERMISSION_MODES].join(", ")}, got ${JSON.stringify(mode)}; ignored`);
  }
}

/**
 * Claude Code applies `disallowedTools` before `tools`: a capability named there bare is never granted;
 * a scoped entry (`Bash(git push:*)`) is a deny rule instead, read with the agent's permissions; an MCP
 * tool named there is denied while the server's other tools stay.
 */
function applyDisallowedTools(tools: AgentDefinition["tools"], value: unknown): void {
  const names = toolTokens(value).filter((name) => !isScopedRule(name));
  const mcpDenied = names.filter(isMcpToolName);
  const denied = new Set(names.filter((name) => !isMcpToolName(name)).flatMap((name) => capabilitiesOfTool(name) ?? []));
  const wasAll = tools.mode === "all";
  if (denied.size > 0) {
    tools.capabilities = tools.capabilities.filter((capability) => !denied.has(capability));
    if (wasAll) tools.mode = "list";
  }
  if (mcpDenied.length > 0 || (wasAll && tools.mode === "list")) {
    tools.mcp = { allow: tools.mcp?.allow ?? (wasAll ? ["*"] : []), deny: [...(tools.mcp?.deny ?? []), ...mcpDenied] };
  }
}
