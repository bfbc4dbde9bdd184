// MCP figures: (a) what a stdio server adds to the first session that needs it: a scripted session of one
// MCP call (start server-sequential-thinking, list its tools, call it) against the same session calling a
// no-op tool; the first one in the process also loads the SDK. As the floor on this machine at this moment,
// the same server started and listed through the SDK's own stdio client. (b) what configured servers add
// to a session whose agent may use none of their tools.
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { McpServers } from "../dist/mcp/index.js";
import { scrubbedEnvironment } from "../dist/process/index.js";
import { createScriptedProvider } from "../dist/provider/scripted-provider.js";
import { drainSession, runSession } from "../dist/runtime/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const THINKING = join(here, "../node_modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js");
const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-mcp-"));
const config = [{ name: "thinking", file: "bench", transport: { type: "stdio", command: process.execPath, args: [THINKING], env: {} } }];

const agent = (tools) => ({
  name: "bench", description: "", prompt: "p", dialect: "claude-code", source: { file: "bench.md", origin: "bench" }, tools,
  model: "claude-haiku-4-5", handoffs: [], frontmatter: {},
});
const mcpAgent = agent({ mode: "list", capabilities: ["mcp"], raw: ["mcp__thinking__sequentialthinking"], mcp: { allow: ["mcp__thinking__sequentialthinking"], deny: [] } });
const plainAgent = agent({ mode: "list", capabilities: ["read"], raw: ["Read"] });
const noop = {
  name: "Noop", description: "Does nothing", inputSchema: z.object({}), capability: "read",
  title: () => "", execute: async () => ({ content: "ok", isError: false, summary: "ok" }),
};
const thought = { thought: "one", nextThoughtNeeded: false, thoughtNumber: 1, totalThoughts: 1 };

/** One session of one tool call; the MCP tools come from `servers` when given, as the agent runner does. */
async function session(who, toolName, input, servers) {
  const started = performance.now();
  const tools = servers ? [...(await servers.toolsFor(who)), noop] : [noop];
  const turns = [{ content: [{ type: "tool_use", id: "t1", name: toolName, input }] }, { content: [{ type: "text", text: "done" }] }];
  const provider = createScriptedProvider({ version: 1, scripts: [{ agent: "bench", turns }] }, { paceMs: 0 });
  const outcome = await drainSession(runSession({ agent: who, model: "claude-haiku-4-5", provider, tools, prompt: "go", signal: new AbortController().signal }), () => {});
  if (outcome.reason !== "completed") throw new Error(`session ended with ${outcome.reason}: ${outcome.error}`);
  return performance.now() - started;
}

const open = () => new McpServers({ servers: config, projectDir: dir, env: scrubbedEnvironment(process.env), hostEnv: {} });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const baseline = median(await Promise.all([0, 1, 2, 3, 4].map(() => session(plainAgent, "Noop", {}))));
  const servers = open();
  const first = await session(mcpAgent, "mcp__thinking__sequentialthinking", thought, servers);
  const later = await session(mcpAgent, "mcp__thinking__sequentialthinking", thought, servers);
  await servers.close();
  const fresh = [];
  const floor = [];
  for (let i = 0; i < 5; i++) {
    const again = open();
    fresh.push(await session(mcpAgent, "mcp__thinking__sequentialthinking", thought, again));
    await again.close();
    const started = performance.now();
    const client = new Client({ name: "bench", version: "1" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [THINKING], stderr: "ignore" }));
    await client.listTools();
    floor.push(performance.now() - started);
    await client.close();
  }
  console.log(`mcp: load average ${loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores`);
  console.log(`mcp: first session needing a stdio server (SDK load + start + list tools + 1 call), added over a no-op session: ${(first - baseline).toFixed(0)} ms (target <= 500)`);
  console.log(`mcp: a fresh server's first session in a warm process, added (median of 5): ${(median(fresh) - baseline).toFixed(0)} ms (target <= 500)`);
  console.log(`mcp: floor: the SDK's own stdio client starting the same server and listing its tools (median of 5): ${median(floor).toFixed(0)} ms`);
  console.log(`mcp: a later session of the same run (server already running), added: ${(later - baseline).toFixed(1)} ms`);

  const idle = open();
  const without = [];
  const withServers = [];
  for (let i = 0; i < 200; i++) {
    without.push(await session(plainAgent, "Noop", {}));
    withServers.push(await session(plainAgent, "Noop", {}, idle));
  }
  await idle.close();
  console.log(`mcp: a session whose agent may use no MCP tool, with a server configured, added (median of 200): ${(median(withServers) - median(without)).toFixed(3)} ms (target 0; nothing started)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
