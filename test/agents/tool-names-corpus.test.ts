import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../src/agents/index.js";
import { missingBehind, offeredTools, TOOL_OF_CAPABILITY } from "../../src/agents/offered-tools.js";
import { capabilitiesOfTool } from "../../src/agents/tool-vocabulary.js";
import type { AgentDefinition, Diagnostic } from "../../src/domain/agent-definition.js";

import { createToolset, Workspace, type Subagents } from "../../src/tools/index.js";
import { AGENT_CORPUS, AGENT_SAMPLES, FIXTURES, tempProject } from "./temp-project.js";
import { runnerForTest } from "../support/process-runners.js";

const FOLDERS = [AGENT_SAMPLES, AGENT_CORPUS];
const subagents: Subagents = { available: [], maxPerSession: 1, start: () => Promise.reject(new Error("not started here")) };

let project: Awaited<ReturnType<typeof tempProject>>;
let workspace: Workspace;

beforeAll(async () => {
  project = await tempProject({});
  workspace = await Workspace.create({ projectDir: project.dir });
});
afterAll(() => project.cleanup());

/** The tools the session really builds for this agent (as a caller that may start subagents). */
function realTools(agent: AgentDefinition): string[] {
  return createToolset({ workspace, capabilities: agent.tools, runner: runnerForTest(), env: {}, subagents }).map((tool) => tool.name);
}

/** A tool name as the file wrote it: opencode's boolean maps keep `name=true`. */
function nameOf(raw: string): { name: string; enabled: boolean } {
  const map = /^(.*)=(true|false)$/.exec(raw);
  return map ? { name: map[1]!, enabled: map[2] === "true" } : { name: raw, enabled: true };
}

const warned = (warnings: Diagnostic[], name: string) => warnings.some((warning) => warning.message.includes(`'${name}'`));

describe("every tool name in the samples and the corpus", () => {
  it("maps to a tool the session really offers, or gets a lint warning naming it", async () => {
    const catalog = await loadAgents({ projectDir: FIXTURES, builtinDir: "/nonexistent", explicitPaths: FOLDERS, explicitOnly: true });
    const loaded = catalog.files.filter((report) => report.agent);
    expect(loaded.length).toBeGreaterThanOrEqual(63);
    const problems: string[] = [];
    let checked = 0;
    for (const report of loaded) {
      const agent = report.agent!;
      const offered = realTools(agent);
      expect(offeredTools(agent.tools), report.file).toEqual(offered);
      for (const raw of agent.tools.raw) {
        const { name, enabled } = nameOf(raw);
        if (name === "*" || !enabled) continue;
        checked++;
        const capabilities = capabilitiesOfTool(name);
        if (capabilities === null) {
          if (!warned(report.warnings, name)) problems.push(`${report.file}: '${name}' grants nothing and no warning names it`);
          continue;
        }
        // MCP tool names are judged against the configured servers, which the MCP work owns.
        const tools = capabilities.flatMap((capability) => TOOL_OF_CAPABILITY[capability] ?? []);
        for (const tool of tools) if (!offered.includes(tool)) problems.push(`${report.file}: '${name}' maps to ${tool}, which the session does not offer`);
        if (missingBehind(name) !== undefined && !warned(report.warnings, name)) problems.push(`${report.file}: '${name}' only gets a stand-in and no warning names it`);
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });

  it("warns about a stand-in by name: Claude Code's WebSearch gets WebFetch", async () => {
    const file = "---\nname: searcher\ndescription: d\ntools: WebSearch, WebFetch, Task, TodoWrite, KillShell\n---\nSearch.\n";
    const temp = await tempProject({ ".claude/agents/searcher.md": file });
    try {
      const report = (await loadAgents({ projectDir: temp.dir, builtinDir: "/nonexistent" })).files[0]!;
      expect(report.warnings.map((warning) => warning.message)).toEqual([
        "tools: greenlight has no web search for 'WebSearch'; the agent gets WebFetch instead",
        "tools: greenlight has no background shells for 'KillShell'; the agent gets Bash instead",
      ]);
      expect(report.warnings[0]!.line).toBe(4);
      expect(realTools(report.agent!)).toEqual(["Bash", "WebFetch", "Task", "TodoWrite"]);
    } finally {
      await temp.cleanup();
    }
  });
});
