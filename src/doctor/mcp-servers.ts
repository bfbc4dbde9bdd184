import { connectServer } from "../mcp/mcp-connection.js";
import type { McpServerConfig } from "../mcp/index.js";
import { scrubbedEnvironment } from "../process/index.js";
import { ok, warn, type CheckResult } from "./check.js";

const START_TIMEOUT_MS = 15_000;

/** Each configured MCP server started, asked for its tools and stopped again. */
export async function checkMcpServers(projectDir: string, servers: McpServerConfig[] | Error): Promise<CheckResult> {
  if (servers instanceof Error) return warn("mcp servers", servers.message, "fix the file named; agents get no MCP tools until then");
  if (servers.length === 0) return ok("mcp servers", "none configured");
  const results = await Promise.all(
    servers.map(async (server) => {
      try {
        const connection = await connectServer(server, { projectDir, env: scrubbedEnvironment(process.env), hostEnv: process.env, startTimeoutMs: START_TIMEOUT_MS, callTimeoutMs: START_TIMEOUT_MS });
        const count = connection.tools.length;
        await connection.close();
        return { server, started: `${server.name} (${count} tools)` };
      } catch (error) {
        return { server, failed: `${server.name} (${server.file}): ${(error as Error).message.split("\n")[0]}` };
      }
    }),
  );
  const failed = results.flatMap((result) => (result.failed ? [result.failed] : []));
  const started = results.flatMap((result) => (result.started ? [result.started] : []));
  if (failed.length > 0) return warn("mcp servers", `${started.length} of ${servers.length} start; ${failed.join("; ")}`, "agents that name a server that does not start get an error from its tools: fix its command or remove it");
  return ok("mcp servers", started.join(", "));
}
