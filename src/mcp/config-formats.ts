import { z } from "zod";
import { httpTransportSchema, stdioTransportSchema } from "./server-config.js";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Claude Code (`.mcp.json`, agent frontmatter) and VS Code leave out `type` for a command. */
const typedAsStdio = (value: unknown) => (isRecord(value) && value["type"] === undefined && value["command"] !== undefined ? { ...value, type: "stdio" } : value);

const TRANSPORTS = { error: 'expected "command" (a stdio server) or "type": "http" with a "url"; greenlight speaks stdio and streamable HTTP, not sse' };

/** `.mcp.json`, `.vscode/mcp.json` and `mcpServers:` frontmatter: other keys those tools know are let through. */
export const claudeServerSchema = z.preprocess(typedAsStdio, z.discriminatedUnion("type", [stdioTransportSchema, httpTransportSchema], TRANSPORTS));

/** greenlight.json's `mcpServers`: the same shapes, plus a tool-call timeout; unknown keys are refused. */
const timeout = { timeout: z.number().int().positive().optional() };
export const greenlightServerSchema = z.preprocess(
  typedAsStdio,
  z.discriminatedUnion("type", [stdioTransportSchema.extend(timeout).strict(), httpTransportSchema.extend(timeout).strict()], TRANSPORTS),
);
export const greenlightMcpServersSchema = z.record(z.string().min(1), greenlightServerSchema);

/** opencode.json's `mcp`: a command as an array, `environment`, and `enabled: false` to switch one off. */
export const opencodeServerSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("local"), command: z.array(z.string()).min(1), environment: z.record(z.string(), z.string()).default({}), enabled: z.boolean().default(true) }),
    z.object({ type: z.literal("remote"), url: z.string().min(1), headers: z.record(z.string(), z.string()).default({}), enabled: z.boolean().default(true) }),
  ],
  { error: 'expected "type": "local" with a "command" list, or "type": "remote" with a "url"' },
);

export const mcpJsonSchema = z.object({ mcpServers: z.record(z.string().min(1), claudeServerSchema).default({}) });
export const vscodeMcpJsonSchema = z.object({ servers: z.record(z.string().min(1), claudeServerSchema).default({}) });
export const opencodeJsonSchema = z.object({ mcp: z.record(z.string().min(1), opencodeServerSchema).default({}) });
export const greenlightJsonSchema = z.object({ mcpServers: greenlightMcpServersSchema.default({}) });
