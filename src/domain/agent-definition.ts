import { z } from "zod";
import { reasoningSettingsSchema } from "./reasoning.js";

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

export const PERMISSION_ACTIONS = ["allow", "ask", "deny"] as const;
export const permissionActionSchema = z.enum(PERMISSION_ACTIONS);
export type PermissionAction = z.infer<typeof permissionActionSchema>;

/**
 * One permission rule, from an agent file, greenlight.json or the command line. Its pattern is a glob on
 * the call's subject: the command line for bash, the file's path for the file tools; "*" covers every
 * use. A rule written for every tool (opencode's top-level "*") yields to any rule for the tool itself.
 */
export const permissionRuleSchema = z.object({
  capability: capabilitySchema,
  pattern: z.string().min(1),
  action: permissionActionSchema,
  /** opencode's `*` crosses folders in a path; Claude Code's (gitignore-like) stays within one. */
  starCrossesFolders: z.boolean(),
  everyTool: z.boolean(),
  /** The rule as its author wrote it: `Bash(git push:*)`, `bash "git push*": ask`. */
  written: z.string(),
  /** Where it was written: `permission.bash in .opencode/agent/x.md`, `greenlight.json permissions.deny`. */
  source: z.string(),
});
export type PermissionRule = z.infer<typeof permissionRuleSchema>;

/** An agent's own permissions: its rules, and what its "ask" rules become (Claude Code's permissionMode). */
export const agentPermissionsSchema = z.object({
  rules: z.array(permissionRuleSchema),
  onAsk: z.enum(["ask", "deny", "allow"]),
});
export type AgentPermissions = z.infer<typeof agentPermissionsSchema>;

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
  /** Thinking and effort the file asks for (Claude Code's `effort`, opencode's `reasoningEffort`). */
  reasoning: reasoningSettingsSchema.optional(),
  color: z.string().optional(),
  permissionMode: z.string().optional(),
  permissions: agentPermissionsSchema,
  mcpServers: z.array(agentMcpServerSchema).optional(),
  frontmatter: z.record(z.string(), z.unknown()),
});
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;

export const diagnosticSchema = z.object({
  message: z.string(),
  line: z.number().int().positive().optional(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;
