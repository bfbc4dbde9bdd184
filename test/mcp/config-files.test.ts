import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAgentFile } from "../../src/agents/load-agent-file.js";
import { agentServerConfigs, McpConfigError, McpServers, readServerConfigs } from "../../src/mcp/index.js";
import { readProjectConfig } from "../../src/run/config.js";
import { scrubbedEnvironment } from "../../src/process/index.js";
import { ALL_TOOLS, agentWith, createMcpProject, settledProcessesWith, TEST_SERVER, uniqueMarker, type McpProject } from "./mcp-support.js";

let project: McpProject;
let marker: string;
beforeEach(async () => {
  project = await createMcpProject();
  marker = uniqueMarker();
});
afterEach(async () => {
  expect(await settledProcessesWith(marker)).toEqual([]);
  await project.remove();
});

const context = () => ({ agent: "helper", signal: new AbortController().signal });

/** Starts every configured server for an agent allowed everything and echoes through each one. */
async function echoThroughEach(hostEnv: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const servers = new McpServers({ servers: await readServerConfigs(project.dir), projectDir: project.dir, env: scrubbedEnvironment(process.env), hostEnv });
  try {
    const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
    const echoes: Record<string, string> = {};
    for (const tool of tools.filter((candidate) => candidate.name.endsWith("__env"))) echoes[tool.name] = (await tool.execute({ prefix: "GLMCP_" }, context())).content;
    return echoes;
  } finally {
    await servers.close();
  }
}

describe("MCP servers declared in each config file format", () => {
  it("reads .mcp.json, .vscode/mcp.json (JSONC), opencode.json and greenlight.json, each server started with its env", async () => {
    await project.write(".mcp.json", JSON.stringify({ mcpServers: { claude: { command: "node", args: [TEST_SERVER, marker], env: { GLMCP_FROM: "${GLMCP_WHO:-claude}" } } } }));
    await project.write(
      ".vscode/mcp.json",
      `{
  // VS Code lets people comment their config
  "inputs": [],
  "servers": {
    "vscode": { "type": "stdio", "command": "node", "args": ["${TEST_SERVER}", "${marker}"], "env": { "GLMCP_FROM": "\${env:GLMCP_WHO}", "GLMCP_DIR": "\${workspaceFolder}" } }, /* trailing comma */
  },
}`,
    );
    await project.write(
      "opencode.json",
      JSON.stringify({ mcp: { opencode: { type: "local", command: ["node", TEST_SERVER, marker], environment: { GLMCP_FROM: "{env:GLMCP_WHO}" } }, off: { type: "local", command: ["false"], enabled: false } } }),
    );
    await project.write("greenlight.json", JSON.stringify({ mcpServers: { greenlight: { command: "node", args: [TEST_SERVER, marker], env: { GLMCP_FROM: "greenlight" }, timeout: 5000 } } }));
    const configs = await readServerConfigs(project.dir);
    expect(configs.map((config) => [config.name, config.transport.type])).toEqual([
      ["opencode", "stdio"],
      ["vscode", "stdio"],
      ["claude", "stdio"],
      ["greenlight", "stdio"],
    ]);
    expect(configs.find((config) => config.name === "greenlight")).toMatchObject({ timeoutMs: 5000, file: `${project.dir}/greenlight.json` });
    expect(readProjectConfig(project.dir).mcpServers).toBeDefined();

    const env = (echo: string | undefined) => (JSON.parse(echo ?? "{}") as { env: Record<string, string> }).env;
    const echoes = await echoThroughEach({ ...process.env, GLMCP_WHO: "the person" });
    expect(env(echoes["mcp__claude__env"])).toEqual({ GLMCP_FROM: "the person" });
    expect(env(echoes["mcp__vscode__env"])).toEqual({ GLMCP_FROM: "the person", GLMCP_DIR: project.dir });
    expect(env(echoes["mcp__opencode__env"])).toEqual({ GLMCP_FROM: "the person" });
    expect(env(echoes["mcp__greenlight__env"])).toEqual({ GLMCP_FROM: "greenlight" });
  });

  it("takes servers an agent file defines in its mcpServers frontmatter, for that agent only", async () => {
    const file = await project.write(
      ".claude/agents/helper.md",
      ["---", "name: helper", "description: d", "mcpServers:", "  - github", "  - own:", "      command: node", `      args: ["${TEST_SERVER}", "${marker}"]`, "---", "body"].join("\n"),
    );
    const report = parseAgentFile({ file, origin: ".claude/agents" }, Buffer.from(await (await import("node:fs/promises")).readFile(file)), undefined, ["github"]);
    expect(report.warnings).toEqual([]);
    const agent = report.agent!;
    expect(agent.mcpServers).toEqual([{ name: "github" }, { name: "own", definition: { command: "node", args: [TEST_SERVER, marker] } }]);
    const servers = new McpServers({ servers: [], projectDir: project.dir, env: scrubbedEnvironment(process.env), hostEnv: process.env });
    try {
      expect((await servers.toolsFor(agent)).map((tool) => tool.name)).toContain("mcp__own__echo");
      expect(await servers.toolsFor({ ...agent, mcpServers: [], source: { file: "/other.md", origin: "x" } })).toEqual([]);
    } finally {
      await servers.close();
    }
  });

  it("refuses a broken config with the file and what was expected", async () => {
    const refused = async () => {
      try {
        await readServerConfigs(project.dir);
      } catch (error) {
        expect(error).toBeInstanceOf(McpConfigError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    await project.write(".mcp.json", "{ mcpServers: ");
    expect(await refused()).toMatch(new RegExp(`^${project.dir}/\\.mcp\\.json: not valid JSON`));
    await project.write(".mcp.json", JSON.stringify({ mcpServers: { s: { args: ["x"] } } }));
    expect(await refused()).toMatch(/\.mcp\.json: key 'mcpServers\.s\.type': expected "command" \(a stdio server\) or "type": "http" with a "url"/);
    await project.write(".mcp.json", JSON.stringify({ mcpServers: { s: { type: "sse", url: "http://localhost/sse" } } }));
    expect(await refused()).toMatch(/key 'mcpServers\.s\.type': .*not sse$/);
    await project.write(".mcp.json", JSON.stringify({ mcpServers: { s: { type: "http" } } }));
    expect(await refused()).toMatch(/\.mcp\.json: key 'mcpServers\.s\.url': .*expected string/);
    await project.write(".mcp.json", "{}");
    await project.write("opencode.json", JSON.stringify({ mcp: { s: { type: "local", command: "npx server" } } }));
    expect(await refused()).toMatch(/opencode\.json: key 'mcp\.s\.command': .*expected array/);
    await project.write("opencode.json", "{}");
    await project.write("greenlight.json", JSON.stringify({ mcpServers: { s: { command: "x", cwd: "/" } } }));
    expect(await refused()).toMatch(/greenlight\.json: key 'mcpServers\.s\.cwd': Unrecognized key/);
    expect(() => agentServerConfigs(agentWith(ALL_TOOLS, { mcpServers: [{ name: "own", definition: { command: 3 } }] }))).toThrow(/^\/agents\/helper\.md: key 'mcpServers\.own\.command': /);
  });

  it("resolves variables only where named, refuses greenlight's API key and an unset variable when the server starts", async () => {
    await project.write(
      ".mcp.json",
      JSON.stringify({
        mcpServers: {
          key: { command: "node", args: [TEST_SERVER, marker], env: { K: "${ANTHROPIC_API_KEY}" } },
          unset: { command: "node", args: [TEST_SERVER, marker], env: { K: "${env:GLMCP_NOT_SET_ANYWHERE}" } },
        },
      }),
    );
    const notices: string[] = [];
    const servers = new McpServers({ servers: await readServerConfigs(project.dir), projectDir: project.dir, env: {}, hostEnv: { ANTHROPIC_API_KEY: "sk-secret" }, onNotice: (message) => notices.push(message) });
    expect(await servers.toolsFor(agentWith(ALL_TOOLS))).toEqual([]);
    await servers.close();
    expect(notices.sort()).toEqual([
      `${project.dir}/.mcp.json: server 'key': \${ANTHROPIC_API_KEY}: greenlight never passes its own API key to an MCP server`,
      `${project.dir}/.mcp.json: server 'unset': \${env:GLMCP_NOT_SET_ANYWHERE}: GLMCP_NOT_SET_ANYWHERE is not set in greenlight's environment`,
    ]);
  });
});
