import { spawnSync } from "node:child_process";
import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMcpProject, REPO, settledProcessesWith, TEST_SERVER, uniqueMarker, type McpProject } from "./mcp-support.js";

/**
 * A whole `greenlight run` of the demo: the project's backend may use the test server's tools, and its
 * first turn of REQ-001 (the only requirement) calls two of them (one leaves a child process) before the
 * demo's own turns.
 */

const MAIN = join(REPO, "dist/main.js");
let project: McpProject;
let marker: string;

beforeEach(async () => {
  project = await createMcpProject();
  marker = uniqueMarker();
  await cp(join(REPO, "examples/calculator"), project.dir, { recursive: true });
  const backend = (await readFile(join(REPO, "agents/backend.md"), "utf8")).replace("tools: Read, Write, Edit, Bash, Grep, Glob", "tools: Read, Write, Edit, Bash, Grep, Glob, mcp__t__echo, mcp__t__spawn_child");
  await project.write(".greenlight/agents/backend.md", backend);
  await project.write("greenlight.json", JSON.stringify({ mcpServers: { t: { command: "node", args: [TEST_SERVER, marker] } } }));
  const cassette = JSON.parse(await readFile(join(project.dir, "cassettes/demo.json"), "utf8")) as { scripts: Array<{ agent: string; requirement: string; turns: unknown[] }> };
  const first = cassette.scripts.find((script) => script.agent === "backend" && script.requirement === "REQ-001")!;
  first.turns.unshift({
    content: [
      { type: "tool_use", id: "mcp_1", name: "mcp__t__echo", input: { text: "asked over MCP" } },
      { type: "tool_use", id: "mcp_2", name: "mcp__t__spawn_child", input: {} },
    ],
  });
  await writeFile(join(project.dir, "cassettes/mcp.json"), JSON.stringify(cassette));
  // One requirement is enough here, and keeps the run short.
  await project.write("SPEC.md", "# Calculator\n\n## REQ-001: Add two numbers\n`add(a, b)` returns the sum of two numbers.\n");
  const plan = spawnSync(process.execPath, [MAIN, "plan", join(project.dir, "SPEC.md"), "--project", project.dir], { encoding: "utf8" });
  expect(plan.status, plan.stderr).toBe(0);
});
afterEach(async () => project.remove());

describe("MCP in a run", () => {
  it("the backend's MCP calls go through the real runtime and nothing the server started is left after the run", async () => {
    const run = spawnSync(process.execPath, [MAIN, "run", "--project", project.dir, "--cassette", join(project.dir, "cassettes/mcp.json"), "--pace", "0", "--headless", "--json"], {
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
      timeout: 180_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; agent?: string; tool?: string; isError?: boolean; summary?: string });
    const mcpCalls = events.filter((event) => event.type === "tool_finished" && event.tool?.startsWith("mcp__"));
    expect(mcpCalls).toMatchObject([
      { agent: "backend", tool: "mcp__t__echo", isError: false },
      { agent: "backend", tool: "mcp__t__spawn_child", isError: false },
    ]);
    expect(events.filter((event) => event.type === "log" && /MCP/.test(JSON.stringify(event)))).toEqual([]);
    expect(await settledProcessesWith(marker)).toEqual([]);
    const logs = await readdir(join(project.dir, ".greenlight/state/runs"));
    expect(await readFile(join(project.dir, ".greenlight/state/runs", logs[0]!), "utf8")).toContain("mcp__t__spawn_child");
  });
});
