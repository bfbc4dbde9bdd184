import { z } from "zod";
import { ConfigError } from "../domain/config-error.js";

const stringMap = z.record(z.string(), z.string());

export const stdioTransportSchema = z.object({ type: z.literal("stdio"), command: z.string().min(1), args: z.array(z.string()).default([]), env: stringMap.default({}) });
export const httpTransportSchema = z.object({ type: z.literal("http"), url: z.string().min(1), headers: stringMap.default({}) });

/** One MCP server as greenlight runs it, whichever file declared it. Values may hold `${VAR}` references. */
export const mcpServerConfigSchema = z.object({
  name: z.string().min(1),
  /** The file that declares it (a config file or an agent file), for messages. */
  file: z.string(),
  transport: z.discriminatedUnion("type", [stdioTransportSchema, httpTransportSchema]),
  /** How long one tool call may take, in milliseconds. */
  timeoutMs: z.number().int().positive().optional(),
  /** Set for a server an agent file defines for itself. */
  agentFile: z.string().optional(),
});
export type McpServerConfig = z.infer<typeof mcpServerConfigSchema>;
export type McpTransportConfig = McpServerConfig["transport"];

/** A config file an MCP server list cannot be read from; the message names the file and what was expected. */
export class McpConfigError extends ConfigError {}

/** How people read a server's transport: its command line, or its URL. */
export function describeTransport(transport: McpTransportConfig): string {
  return transport.type === "stdio" ? [transport.command, ...transport.args].join(" ") : `${transport.type} ${transport.url}`;
}
