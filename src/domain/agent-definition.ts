import { z } from "zod";

/** The ten canonical capabilities every dialect's tool names normalise to. */
export const CAPABILITIES = ["read", "write", "edit", "bash", "search", "glob", "web", "task", "todo", "mcp"] as const;
export const capabilitySchema = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof capabilitySchema>;

export const DIALECTS = [
  "greenlight",
  "claude-code",
  "copilot-agent",
  "copilot-chatmode",
  "opencode",
  "gemini",
  "unknown",
] as const;
export const dialectSchema = z.enum(DIALECTS);
export type Dialect = z.infer<typeof dialectSchema>;

/**
 * The MCP tools a file names, as written (`mcp__s__t`, `mcp__s`, `s/*`, `s/t`, opencode's `s_*`):
 * `allow` grants them when the file lists its tools (`*` = every one), `deny` takes them away
 * (opencode's `{name: false}`, Claude Code's `disallowedTools`).
 */
export const mcpToolRulesSchema = z.object({ allow: z.array(z.string()), deny: z.array(z.string()) });
export type McpToolRules = z.infer<typeof mcpToolRulesSchema>;

export const toolSelectionSchema = z.object({
  mode: z.enum(["all", "none", "list"]),
  capabilities: z.array(capabilitySchema),
  /** Every tool name exactly as the file wrote it, known or not. */
  raw: z.array(z.string()),
  mcp: mcpToolRulesSchema.optional(),
});
export type ToolSelection = z.infer<typeof toolSelectionSchema>;

export const handoffSchema = z.object({
  label: z.string(),
  /** The target as written in the file. */
  agent: z.string(),
  prompt: z.string().default(""),
  send: z.boolean().default(false),
  model: z.string().optional(),
  /** The loaded agent's name the target resolved to, when it resolved. */
  resolvedAgent: z.string().optional(),
});
export type Handoff = z.infer<typeof handoffSchema>;

export const agentSourceSchema = z.object({
  file: z.string(),
  /** Where it was found: "builtin", ".claude/agents", ..., or "explicit". */
  origin: z.string(),
});

/**
 * An entry of Claude Code's `mcpServers:` frontmatter: the name of a server configured for the project,
 * or a server defined inline for this agent (its definition as written, checked when it starts).
 */
export const agentMcpServerSchema = z.object({ name: z.string().min(1), definition: z.record(z.string(), z.unknown()).optional() });
export type AgentMcpServer = z.infer<typeof agentMcpServerSchema>;

export const agentDefinitionSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  prompt: z.string(),
  dialect: dialectSchema,
  source: agentSourceSchema,
  tools: toolSelectionSchema,
  /** An Anthropic model id, or "inherit" (use the workspace model). */
  model: z.string().min(1),
  handoffs: z.array(handoffSchema),
  maxTurns: z.number().int().positive().optional(),
  color: z.string().optional(),
  permissionMode: z.string().optional(),
  mcpServers: z.array(agentMcpServerSchema).optional(),
  frontmatter: z.record(z.string(), z.unknown()),
});
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;

export const diagnosticSchema = z.object({
  message: z.string(),
  line: z.number().int().positive().optional(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;
