import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { McpServers, readServerConfigs, type McpServersOptions } from "../../src/mcp/index.js";
import { scrubbedEnvironment } from "../../src/process/index.js";
import { toolSpecs, type Tool } from "../../src/tools/index.js";
import { ALL_TOOLS, agentWith, createMcpProject, MEMORY_SERVER, processesWith, settledProcessesWith, TEST_SERVER, THINKING_SERVER, uniqueMarker, waitFor, type McpProject } from "./mcp-support.js";

let project: McpProject;
let marker: string;
let servers: McpServers | undefined;

beforeEach(async () => {
  project = await createMcpProject();
  marker = uniqueMarker();
});
afterEach(async () => {
  await servers?.close();
  servers = undefined;
  expect(await settledProcessesWith(marker)).toEqual([]);
  await project.remove();
});

async function open(config: Record<string, unknown>, options: Partial<McpServersOptions> = {}): Promise<{ servers: McpServers; notices: string[] }> {
  await project.write(".mcp.json", JSON.stringify({ mcpServers: config }));
  const notices: string[] = [];
  servers = new McpServers({
    servers: await readServerConfigs(project.dir),
    projectDir: project.dir,
    env: scrubbedEnvironment(process.env),
    hostEnv: process.env,
    onNotice: (message) => notices.push(message),
    ...options,
  });
  return { servers, notices };
}

const context = () => ({ agent: "helper", signal: new AbortController().signal });
const byName = (tools: Tool[], name: string) => {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${tools.map((candidate) => candidate.name).join(", ")}`);
  return tool;
};
const testServer = (extra: Record<string, unknown> = {}) => ({ command: "node", args: [TEST_SERVER, marker], ...extra });

describe("MCP servers over stdio", () => {
  it("offers a server's tools as mcp__server__tool with the server's own JSON Schema", async () => {
    const { servers } = await open({ t: testServer() });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    expect(tools.map((tool) => tool.name)).toEqual(["mcp__t__echo", "mcp__t__env", "mcp__t__env_names", "mcp__t__hang", "mcp__t__crash", "mcp__t__huge", "mcp__t__spawn_child", "mcp__t__fail"]);
    const [echo] = toolSpecs([byName(tools, "mcp__t__echo")]);
    expect(echo).toMatchObject({ name: "mcp__t__echo", description: "Echoes the text back", input_schema: { type: "object", properties: { text: { type: "string", description: "what to echo" } }, required: ["text"] } });
    expect(echo!.input_schema).not.toHaveProperty("$schema");
    expect(await byName(tools, "mcp__t__echo").execute({ text: "hello" }, context())).toMatchObject({ content: "echo: hello", isError: false });
    expect(await byName(tools, "mcp__t__fail").execute({}, context())).toMatchObject({ content: "it went wrong", isError: true });
  });

  it("runs the server in the project folder with the scrubbed environment plus only its declared env", async () => {
    process.env.GLMCP_TEST_TOKEN = "must-not-leak";
    process.env.GLMCP_PLAIN = "plain";
    process.env.GLMCP_NAMED = "named-by-the-config";
    try {
      const { servers } = await open({ t: testServer({ env: { GLMCP_DECLARED: "declared", GLMCP_FROM_HOST: "${GLMCP_NAMED}", GLMCP_DEFAULTED: "${GLMCP_UNSET:-fallback}" } }) });
      const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
      const seen = JSON.parse((await byName(tools, "mcp__t__env").execute({ prefix: "GLMCP_" }, context())).content) as { cwd: string; env: Record<string, string> };
      expect(seen.cwd).toBe(project.dir);
      expect(seen.env).toEqual({ GLMCP_PLAIN: "plain", GLMCP_NAMED: "named-by-the-config", GLMCP_DECLARED: "declared", GLMCP_FROM_HOST: "named-by-the-config", GLMCP_DEFAULTED: "fallback" });
      const names = (await byName(tools, "mcp__t__env_names").execute({}, context())).content.split("\n");
      expect(names.filter((name) => /ANTHROPIC|KEY|TOKEN|SECRET|^GREENLIGHT_/.test(name))).toEqual([]);
    } finally {
      delete process.env.GLMCP_TEST_TOKEN;
      delete process.env.GLMCP_PLAIN;
      delete process.env.GLMCP_NAMED;
    }
  });

  it("caps a huge result like Bash output, keeping head and tail", async () => {
    const { servers } = await open({ t: testServer() });
    const result = await byName(await servers.toolsFor(agentWith(ALL_TOOLS)), "mcp__t__huge").execute({}, context());
    expect(result.isError).toBe(false);
    expect(Buffer.byteLength(result.content)).toBeLessThan(30_100);
    expect(result.content).toMatch(/^x{100}/);
    expect(result.content).toMatch(/y{100}$/);
    expect(result.content).toContain("[... 170000 bytes cut ...]");
    expect(result.content).not.toContain("MIDDLE");
  });

  it("turns a tool that hangs into a timed-out error result with the server's stderr, and the server keeps serving", async () => {
    const { servers } = await open({ t: testServer() }, { callTimeoutMs: 300 });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    const result = await byName(tools, "mcp__t__hang").execute({}, context());
    expect(result).toMatchObject({ isError: true, summary: "timed out" });
    expect(result.content).toContain("did not answer hang within 0.3 s");
    expect(result.content).toContain(`test server ${marker} started`);
    expect(await byName(tools, "mcp__t__echo").execute({ text: "still here" }, context())).toMatchObject({ content: "echo: still here" });
  });

  it("cancels a hanging call when the session's signal aborts", async () => {
    const { servers } = await open({ t: testServer() });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    const controller = new AbortController();
    const call = byName(tools, "mcp__t__hang").execute({}, { agent: "helper", signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await call).toMatchObject({ isError: true, summary: "cancelled" });
  });

  it("turns a crash into an error result with the exit and stderr tail; the next session starts it again", async () => {
    const { servers } = await open({ t: testServer() });
    const agent = agentWith(ALL_TOOLS);
    const tools = await servers.toolsFor(agent);
    const crashed = await byName(tools, "mcp__t__crash").execute({}, context());
    expect(crashed).toMatchObject({ isError: true, summary: "server exited" });
    expect(crashed.content).toMatch(/MCP server 't' stopped during the call: it exited with code 3\./);
    expect(crashed.content).toContain("about to crash: the tool asked for it");
    expect(await byName(tools, "mcp__t__echo").execute({ text: "x" }, context())).toMatchObject({ isError: true, summary: "server not running" });
    expect(processesWith(marker)).toEqual([]);
    const again = await servers.toolsFor(agent);
    expect(await byName(again, "mcp__t__echo").execute({ text: "back" }, context())).toMatchObject({ content: "echo: back", isError: false });
  });

  it("reports a server killed from outside (SIGKILL) as an error result, and leaves nothing it started", async () => {
    const { servers } = await open({ t: testServer() });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    expect((await byName(tools, "mcp__t__spawn_child").execute({}, context())).content).toBe("started a child");
    await waitFor(() => processesWith(`${marker}-child`).length === 1);
    const call = byName(tools, "mcp__t__hang").execute({}, context());
    const server = processesWith(marker).filter((pid) => !processesWith(`${marker}-child`).includes(pid));
    for (const pid of server) {
      // A process listed a moment ago may have exited since (a wrapper handing over): gone is what this wants.
      try {
        process.kill(pid, "SIGKILL");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
    const result = await call;
    expect(result).toMatchObject({ isError: true, summary: "server exited" });
    expect(result.content).toMatch(/stopped during the call/);
    expect(await settledProcessesWith(marker)).toEqual([]);
  });

  it("says why a server did not start, gives the tools the file names an error result, and never hangs", async () => {
    const { servers, notices } = await open(
      {
        broken: { command: "node", args: ["-e", `process.stderr.write("no config for ${marker}\\n"); process.exit(2)`] },
        silent: { command: "node", args: ["-e", "setInterval(() => {}, 1000)", marker] },
        missing: { command: `/nonexistent/${marker}` },
      },
      { startTimeoutMs: 1_000 },
    );
    const agent = agentWith({ mode: "list", capabilities: ["mcp"], raw: [], mcp: { allow: ["mcp__broken__lookup", "silent/*", "mcp__missing"], deny: [] } });
    const tools = await servers.toolsFor(agent);
    expect(tools.map((tool) => tool.name)).toEqual(["mcp__broken__lookup"]);
    const result = await tools[0]!.execute({}, context());
    expect(result).toMatchObject({ isError: true, summary: "server did not start" });
    expect(result.content).toMatch(/MCP server 'broken' \(node -e .*\) did not start: it exited with code 2/);
    expect(result.content).toContain(`no config for ${marker}`);
    expect(notices).toHaveLength(3);
    expect(notices.find((notice) => notice.includes("'silent'"))).toMatch(/did not start: no answer within 1 s/);
    expect(notices.find((notice) => notice.includes("'missing'"))).toMatch(/did not start: it exited with code 127[\s\S]*not found/);
    // A failed start is not retried for every session.
    expect(await servers.toolsFor(agent)).toHaveLength(1);
    expect(notices).toHaveLength(3);
  });

  it("starts nothing for an agent that may use no MCP tool, and only the servers an agent may use", async () => {
    const { servers } = await open({ t: testServer(), other: testServer({ args: [TEST_SERVER, `${marker}-other`] }) });
    expect(await servers.toolsFor(agentWith({ mode: "list", capabilities: ["read", "bash"], raw: ["Read", "Bash"] }))).toEqual([]);
    expect(await servers.toolsFor(agentWith({ mode: "none", capabilities: [], raw: [] }))).toEqual([]);
    expect(processesWith(marker)).toEqual([]);
    const tools = await servers.toolsFor(agentWith({ mode: "list", capabilities: ["mcp"], raw: ["mcp__t__echo"], mcp: { allow: ["mcp__t__echo"], deny: [] } }));
    expect(tools.map((tool) => tool.name)).toEqual(["mcp__t__echo"]);
    expect(processesWith(`${marker}-other`)).toEqual([]);
    expect(processesWith(marker)).not.toEqual([]);
  });

  it("runs a published server from the registry: server-memory keeps its graph in MEMORY_FILE_PATH", async () => {
    const memoryFile = `${project.dir}/memory-${marker}.jsonl`;
    const { servers } = await open({ memory: { command: "node", args: [MEMORY_SERVER, marker], env: { MEMORY_FILE_PATH: memoryFile } } });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["mcp__memory__create_entities", "mcp__memory__read_graph", "mcp__memory__search_nodes"]));
    const created = await byName(tools, "mcp__memory__create_entities").execute({ entities: [{ name: "greenlight", entityType: "project", observations: ["runs agents"] }] }, context());
    expect(created.isError).toBe(false);
    const graph = await byName(tools, "mcp__memory__read_graph").execute({}, context());
    expect(graph.content).toContain("runs agents");
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(memoryFile, "utf8")).toContain("greenlight");
  });

  it("lists server-sequential-thinking's one tool with its schema", async () => {
    const { servers } = await open({ thinking: { command: "node", args: [THINKING_SERVER, marker] } });
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    expect(tools.map((tool) => tool.name)).toEqual(["mcp__thinking__sequentialthinking"]);
    expect(toolSpecs(tools)[0]!.input_schema).toMatchObject({ type: "object", required: expect.arrayContaining(["thought", "nextThoughtNeeded", "thoughtNumber", "totalThoughts"]) });
  });
});
