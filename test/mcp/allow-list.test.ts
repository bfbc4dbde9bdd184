import { describe, expect, it } from "vitest";
import { parseAgentFile } from "../../src/agents/load-agent-file.js";
import type { AgentDefinition } from "../../src/domain/agent-definition.js";
import { allowsMcpTool, mayUseServer } from "../../src/mcp/allow-list.js";

const SERVERS: Record<string, string[]> = { context7: ["resolve-library-id", "get-library-docs"], memory: ["create_entities", "read_graph", "delete_entities"], github: ["create_issue"] };

function agentFrom(file: string, frontmatter: string[]): AgentDefinition {
  const report = parseAgentFile({ file, origin: "explicit" }, Buffer.from(["---", "name: a", "description: d", ...frontmatter, "---", "body"].join("\n")));
  if (!report.agent) throw new Error(JSON.stringify(report.errors));
  return report.agent;
}

/** The tools each agent is offered, as mcp__server__tool, from servers that offer SERVERS. */
function offered(agent: AgentDefinition): string[] {
  return Object.entries(SERVERS).flatMap(([server, tools]) => tools.filter((tool) => allowsMcpTool(agent.tools, server, tool)).map((tool) => `mcp__${server}__${tool}`));
}

describe("which MCP tools an agent file allows", () => {
  it("no tools key: every tool of every server", () => {
    expect(offered(agentFrom("a.md", []))).toHaveLength(6);
  });

  it("Claude Code: mcp__s__t, mcp__s and mcp__s__*", () => {
    const agent = agentFrom("a.md", ["tools: Read, mcp__memory__read_graph, mcp__context7, mcp__github__*"]);
    expect(offered(agent)).toEqual(["mcp__context7__resolve-library-id", "mcp__context7__get-library-docs", "mcp__memory__read_graph", "mcp__github__create_issue"]);
    expect(mayUseServer(agent.tools, "memory")).toBe(true);
    expect(offered(agentFrom("a.md", ["tools: Read, Bash"]))).toEqual([]);
    expect(mayUseServer(agentFrom("a.md", ["tools: Read, Bash"]).tools, "memory")).toBe(false);
  });

  it("Claude Code: disallowedTools takes single MCP tools away and keeps the rest", () => {
    expect(offered(agentFrom("a.md", ["disallowedTools: mcp__memory__delete_entities, Bash"]))).toEqual([
      "mcp__context7__resolve-library-id",
      "mcp__context7__get-library-docs",
      "mcp__memory__create_entities",
      "mcp__memory__read_graph",
      "mcp__github__create_issue",
    ]);
  });

  it("Copilot: s/* and s/t", () => {
    const agent = agentFrom("a.agent.md", ["tools: ['edit', 'context7/*', 'memory/read_graph']"]);
    expect(offered(agent)).toEqual(["mcp__context7__resolve-library-id", "mcp__context7__get-library-docs", "mcp__memory__read_graph"]);
    expect(mayUseServer(agent.tools, "github")).toBe(false);
  });

  it("opencode: every tool on unless a name or glob switches it off", () => {
    const agent = agentFrom(".opencode/agent/a.md", ["tools:", "  write: false", '  "context7_*": false', "  memory_delete_entities: false"]);
    expect(offered(agent)).toEqual(["mcp__memory__create_entities", "mcp__memory__read_graph", "mcp__github__create_issue"]);
  });

  it("tools: [] and a wildcard", () => {
    expect(offered(agentFrom("a.md", ["tools: []"]))).toEqual([]);
    expect(offered(agentFrom("a.md", ["tools: Read, mcp__*"]))).toHaveLength(6);
    expect(offered(agentFrom("a.md", ["tools: ['*']"]))).toHaveLength(6);
  });
});

describe("lint: MCP tools naming no configured server", () => {
  it("warns with the line and the server, and says nothing when the servers are not known", () => {
    const source = { file: "a.agent.md", origin: "explicit" };
    const text = Buffer.from(["---", "description: d", "tools: ['context7/*', 'memory/read_graph', mcp__github__create_issue, 'sequentialthinking/*']", "mcpServers: [slack]", "---", "body"].join("\n"));
    expect(parseAgentFile(source, text, undefined, ["memory", "github"]).warnings).toEqual([
      { line: 4, message: "slack: no MCP server named slack is configured" },
      { line: 3, message: "context7/*: no MCP server named context7 is configured" },
      { line: 3, message: "sequentialthinking/*: no MCP server named sequentialthinking is configured" },
    ]);
    expect(parseAgentFile(source, text).warnings).toEqual([]);
  });
});
