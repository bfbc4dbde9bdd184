import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { startServerProcess, type ServerProcess } from "../process/server-process.js";
import type { ToolResult } from "../tools/tool.js";
import { expandTransport, type ExpandContext } from "./expand-variables.js";
import { ProcessTransport } from "./process-transport.js";
import { describeTransport, type McpServerConfig } from "./server-config.js";
import { resultText } from "./tool-result-text.js";

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ConnectOptions extends ExpandContext {
  /** The scrubbed environment every tool command gets; a stdio server gets it plus its config's `env`. */
  env: Record<string, string>;
  startTimeoutMs: number;
  callTimeoutMs: number;
}

/** A started server and its tools, for as long as it lives. */
export interface McpConnection {
  readonly tools: McpToolInfo[];
  readonly alive: boolean;
  call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolResult>;
  close(): Promise<void>;
}

/** A server that could not be started or did not answer; the message names it and ends with its stderr. */
export class McpStartError extends Error {
  override readonly name = "McpStartError";
}

const VERSION = "0.1.0";

function stderrNote(process: ServerProcess | undefined): string {
  const tail = process?.stderrTail() ?? "";
  return tail ? `\nIts stderr ended with:\n${tail}` : "";
}

async function exitNote(process: ServerProcess | undefined): Promise<string> {
  if (!process) return "the connection closed";
  const exit = await Promise.race([process.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200).unref())]);
  if (!exit) return "the connection closed";
  return exit.code !== null ? `it exited with code ${exit.code}` : `it was killed by ${exit.signal ?? "a signal"}`;
}

async function listAllTools(client: Client, timeout: number): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
    for (const tool of page.tools) tools.push({ name: tool.name, description: tool.description ?? "", inputSchema: tool.inputSchema as Record<string, unknown> });
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

/**
 * Starts a server (stdio: in the project folder, with the scrubbed environment plus its declared env),
 * initialises it and lists its tools, within startTimeoutMs. Throws McpStartError when it cannot,
 * with whatever the server said on stderr; the process is gone by then.
 */
export async function connectServer(server: McpServerConfig, options: ConnectOptions): Promise<McpConnection> {
  const transportConfig = expandTransport(server, options);
  let process: ServerProcess | undefined;
  let transport: Transport;
  if (transportConfig.type === "stdio") {
    process = await startServerProcess({ command: transportConfig.command, args: transportConfig.args, cwd: options.projectDir, env: { ...options.env, ...transportConfig.env } });
    transport = new ProcessTransport(process);
  } else {
    transport = new StreamableHTTPClientTransport(new URL(transportConfig.url), { requestInit: { headers: transportConfig.headers } });
  }
  const client = new Client({ name: "greenlight", version: VERSION });
  let alive = true;
  client.onclose = () => {
    alive = false;
  };
  let tools: McpToolInfo[];
  try {
    await client.connect(transport, { timeout: options.startTimeoutMs });
    tools = await listAllTools(client, options.startTimeoutMs);
  } catch (error) {
    const reason = error instanceof McpError && error.code === ErrorCode.RequestTimeout ? `no answer within ${options.startTimeoutMs / 1000} s` : alive ? (error as Error).message : await exitNote(process);
    await client.close().catch(() => undefined);
    await process?.stop();
    throw new McpStartError(`MCP server '${server.name}' (${describeTransport(transportConfig)}, from ${server.file}) did not start: ${reason}${stderrNote(process)}`);
  }
  const timeoutMs = server.timeoutMs ?? options.callTimeoutMs;
  const failed = (content: string, summary: string): ToolResult => ({ content, isError: true, summary });

  return {
    tools,
    get alive() {
      return alive;
    },
    async call(tool, args, signal) {
      if (!alive) return failed(`MCP server '${server.name}' is not running: ${await exitNote(process)}.${stderrNote(process)}`, "server not running");
      try {
        const result = await client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: timeoutMs });
        const { text, totalBytes } = resultText(result as { content?: unknown; structuredContent?: unknown });
        const isError = result.isError === true;
        return { content: text, isError, summary: isError ? "error" : `${totalBytes} bytes` };
      } catch (error) {
        if (signal.aborted) return failed("Cancelled.", "cancelled");
        if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
          return failed(`MCP server '${server.name}' did not answer ${tool} within ${timeoutMs / 1000} s.${stderrNote(process)}`, "timed out");
        }
        if (!alive || (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)) {
          return failed(`MCP server '${server.name}' stopped during the call: ${await exitNote(process)}.${stderrNote(process)}`, "server exited");
        }
        return failed(`MCP server '${server.name}': ${(error as Error).message}`, "failed");
      }
    },
    async close() {
      await client.close().catch(() => undefined);
      await process?.stop();
    },
  };
}
