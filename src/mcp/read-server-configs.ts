import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import type { AgentDefinition } from "../domain/agent-definition.js";
import { claudeServerSchema, greenlightJsonSchema, mcpJsonSchema, opencodeJsonSchema, vscodeMcpJsonSchema } from "./config-formats.js";
import { stripJsonComments } from "./jsonc.js";
import { McpConfigError, type McpServerConfig } from "./server-config.js";

/** The first issue of a failed parse, as `FILE: key 'a.b': what was expected`. */
function issueText(file: string, error: z.ZodError, prefix: (string | number)[] = []): string {
  const issue = error.issues[0]!;
  const key = [...prefix, ...issue.path.map(String), ...("keys" in issue ? (issue.keys as string[]) : [])].join(".");
  return `${file}: ${key ? `key '${key}': ` : ""}${issue.message}`;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new McpConfigError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new McpConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

function parsed<T>(file: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new McpConfigError(issueText(file, result.error));
  return result.data;
}

type Reader = (file: string, value: unknown) => McpServerConfig[];

const READERS: [string, Reader][] = [
  [
    "opencode.json",
    (file, value) =>
      Object.entries(parsed(file, opencodeJsonSchema, value).mcp)
        .filter(([, server]) => server.enabled)
        .map(([name, server]) => ({
          name,
          file,
          transport:
            server.type === "local"
              ? { type: "stdio", command: server.command[0]!, args: server.command.slice(1), env: server.environment }
              : { type: "http", url: server.url, headers: server.headers },
        })),
  ],
  [".vscode/mcp.json", (file, value) => Object.entries(parsed(file, vscodeMcpJsonSchema, value).servers).map(([name, transport]) => ({ name, file, transport }))],
  [".mcp.json", (file, value) => Object.entries(parsed(file, mcpJsonSchema, value).mcpServers).map(([name, transport]) => ({ name, file, transport }))],
  [
    "greenlight.json",
    (file, value) =>
      Object.entries(parsed(file, greenlightJsonSchema, value).mcpServers).map(([name, { timeout, ...transport }]) => ({
        name,
        file,
        transport,
        ...(timeout === undefined ? {} : { timeoutMs: timeout }),
      })),
  ],
];

/**
 * The MCP servers the project's config files declare: opencode.json, .vscode/mcp.json, .mcp.json and
 * greenlight.json, in that order, a later same-name server replacing an earlier one. Throws an
 * McpConfigError naming the file for a file that is not JSON or not in its tool's shape.
 */
export async function readServerConfigs(projectDir: string): Promise<McpServerConfig[]> {
  const byName = new Map<string, McpServerConfig>();
  for (const [path, read] of READERS) {
    const file = join(projectDir, path);
    const value = await readJson(file);
    if (value === undefined) continue;
    for (const server of read(file, value)) byName.set(server.name, server);
  }
  return [...byName.values()];
}

/** The servers an agent file defines inline in `mcpServers:`; a bad definition is an error naming the file. */
export function agentServerConfigs(agent: AgentDefinition): McpServerConfig[] {
  return (agent.mcpServers ?? []).flatMap((server) => {
    if (!server.definition) return [];
    const result = claudeServerSchema.safeParse(server.definition);
    if (!result.success) throw new McpConfigError(issueText(agent.source.file, result.error, ["mcpServers", server.name]));
    return [{ name: server.name, file: agent.source.file, transport: result.data, agentFile: agent.source.file }];
  });
}
