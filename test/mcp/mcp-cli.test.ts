import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMcpProject, processesWith, REPO, settledProcessesWith, TEST_SERVER, uniqueMarker, waitFor, type McpProject } from "./mcp-support.js";

const MAIN = join(REPO, "dist/main.js");
const cleanEnv = { ...process.env, ANTHROPIC_API_KEY: "", ANTHROPIC_AUTH_TOKEN: "", GREENLIGHT_MODEL: "" };

let project: McpProject;
let marker: string;
beforeEach(async () => {
  project = await createMcpProject();
  marker = uniqueMarker();
  await project.write(".mcp.json", JSON.stringify({ mcpServers: { t: { command: "node", args: [TEST_SERVER, marker] } } }));
  await project.write(".claude/agents/helper.md", "---\nname: helper\ndescription: uses the test server\ntools: Read, mcp__t__*\n---\nYou help.\n");
});
afterEach(async () => {
  expect(await settledProcessesWith(marker)).toEqual([]);
  await project.remove();
});

const use = (id: string, name: string, input: Record<string, unknown> = {}) => ({ type: "tool_use", id, name, input });

async function cassette(...turns: unknown[][]): Promise<string> {
  return project.write("cassette.json", JSON.stringify({ version: 1, scripts: [{ agent: "helper", turns: turns.map((content) => ({ content })) }] }));
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args, "--project", project.dir], { encoding: "utf8", env: cleanEnv, timeout: 60_000 });
}

/** Starts `greenlight agent` with --json and resolves once an event line matches. */
function startAgent(file: string) {
  const child = spawn(process.execPath, [MAIN, "agent", "helper", "--prompt", "go", "--project", project.dir, "--cassette", file, "--json"], { env: cleanEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output, when: (pattern: RegExp) => waitFor(() => pattern.test(output), 30_000) };
}

describe("MCP in the CLI", () => {
  it("agents lint warns about a tool of an unconfigured server with its line; agents show lists each server's command", async () => {
    await project.write(".github/agents/docs.agent.md", "---\ndescription: d\ntools: ['context7/*', 't/echo']\n---\nbody\n");
    const lint = cli(["agents", "lint"]);
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(/docs\.agent\.md:3: warning: context7\/\*: no MCP server named context7 is configured/);
    expect(lint.stdout).not.toMatch(/t\/echo: no MCP server/);
    const show = cli(["agents", "show", "helper"]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain(`mcp server t: node ${TEST_SERVER} ${marker} (`);
    expect(processesWith(marker)).toEqual([]);
  });

  it("a broken .mcp.json stops the command with exit 2 and names the file", async () => {
    await project.write(".mcp.json", JSON.stringify({ mcpServers: { t: { type: "websocket", url: "ws://x" } } }));
    const file = await cassette([{ type: "text", text: "hi" }]);
    for (const args of [["agents", "lint"], ["agent", "helper", "--prompt", "go", "--cassette", file]]) {
      const run = cli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/\.mcp\.json: key 'mcpServers\.t\.type'/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("greenlight agent calls mcp__t__ tools from a cassette and leaves no server process behind", async () => {
    const file = await cassette([use("a", "mcp__t__echo", { text: "from the cassette" }), use("b", "mcp__t__spawn_child")], [{ type: "text", text: "done" }]);
    const run = cli(["agent", "helper", "--prompt", "go", "--cassette", file]);
    expect(run.stderr).toMatch(/^completed: 2 turns/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^mcp__t__echo t echo \{"text":"from the cassette"\} -> \d+ bytes/m);
    expect(run.stdout).toMatch(/^mcp__t__spawn_child t spawn_child \{\} -> \d+ bytes/m);
  });

  it("Ctrl-C during a hanging MCP call exits 130 and stops the server", async () => {
    const agent = startAgent(await cassette([use("a", "mcp__t__hang")], [{ type: "text", text: "never" }]));
    await agent.when(/"tool_started".*mcp__t__hang/);
    expect(processesWith(marker)).not.toEqual([]);
    agent.child.kill("SIGINT");
    expect((await agent.exited).code).toBe(130);
  });

  it("SIGTERM to greenlight stops the server", async () => {
    const agent = startAgent(await cassette([use("a", "mcp__t__hang")], [{ type: "text", text: "never" }]));
    await agent.when(/"tool_started".*mcp__t__hang/);
    agent.child.kill("SIGTERM");
    await agent.exited;
  });

  it("a server SIGKILLed from outside mid-call is an error result and the session goes on", async () => {
    const agent = startAgent(await cassette([use("a", "mcp__t__hang")], [{ type: "text", text: "the server died" }]));
    await agent.when(/"tool_started".*mcp__t__hang/);
    for (const pid of processesWith(marker)) process.kill(pid, "SIGKILL");
    expect((await agent.exited).code).toBe(0);
    const finished = agent.output().split("\n").find((line) => line.includes('"tool_finished"'));
    expect(JSON.parse(finished!)).toMatchObject({ tool: "mcp__t__hang", isError: true, summary: "server exited" });
  });
});
