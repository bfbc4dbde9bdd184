import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgents, resolveModel } from "../../src/agents/index.js";
import { agentDefinitionSchema, type AgentDefinition } from "../../src/domain/agent-definition.js";
import { offeredTools } from "../../src/permissions/offered-tools.js";

const PROJECT = resolve(import.meta.dirname, "../fixtures/permission-agents");

async function load() {
  const catalog = await loadAgents({ projectDir: PROJECT, builtinDir: "/nonexistent" });
  const agent = (name: string): AgentDefinition => catalog.agents.find((candidate) => candidate.name === name)!;
  const warnings = (name: string) => catalog.files.find((report) => report.agent?.name === name)!.warnings.map((warning) => warning.message);
  return { catalog, agent, warnings };
}

const offered = (agent: AgentDefinition) => offeredTools(agent.tools, { agent: agent.permissions, team: [] }).capabilities;

describe("agent files' own permissions", () => {
  it("loads every fixture, each valid against the domain schema", async () => {
    const { catalog } = await load();
    expect(catalog.files.every((report) => report.ok)).toBe(true);
    expect(catalog.agents.map((agent) => agent.name).sort()).toEqual(["auditor", "build-checker", "guarded", "helper", "inspector", "planner", "releaser"]);
    for (const agent of catalog.agents) expect(agentDefinitionSchema.safeParse(agent).success).toBe(true);
  });

  it("opencode `\"*\": deny` with read/grep/glob allowed offers only those tools", async () => {
    const { agent } = await load();
    expect(offered(agent("auditor"))).toEqual(["read", "search", "glob"]);
  });

  it("opencode bash patterns become rules in written order; webfetch: deny withholds the web tool", async () => {
    const { agent } = await load();
    const guarded = agent("guarded");
    expect(guarded.permissions.rules.filter((rule) => rule.capability === "bash").map((rule) => [rule.pattern, rule.action])).toEqual([
      ["*", "allow"],
      ["git push*", "ask"],
      ["rm -rf*", "deny"],
    ]);
    expect(guarded.permissions.rules[0]!.source).toBe("permission.edit in .opencode/agent/guarded.md");
    expect(offered(guarded)).not.toContain("web");
    expect(offered(guarded)).toContain("bash");
  });

  it("honours opencode's misspelt `permissions` with a warning, and its edit deny withholds Write and Edit", async () => {
    const { agent, warnings } = await load();
    expect(offered(agent("build-checker"))).toEqual(["read", "bash", "search", "glob", "web", "task", "todo", "mcp"]);
    expect(warnings("build-checker")).toContainEqual(expect.stringMatching(/^permissions: opencode's key is 'permission'.*applies these rules/));
  });

  it("Claude Code permissionMode: plan offers no file changes and no shell", async () => {
    const { agent } = await load();
    expect(agent("planner").tools.capabilities).toEqual(["read", "write", "edit", "bash", "search", "glob"]);
    expect(offered(agent("planner"))).toEqual(["read", "search", "glob"]);
  });

  it("scoped disallowedTools are deny rules and keep the tool; scoped tools allow only what they name", async () => {
    const { agent } = await load();
    const releaser = agent("releaser");
    expect(offered(releaser)).toEqual(["read", "write", "bash"]);
    expect(releaser.permissions.rules.map((rule) => [rule.pattern, rule.action, rule.written])).toEqual([
      ["git push *", "deny", "Bash(git push:*)"],
      ["rm *", "deny", "Bash(rm:*)"],
    ]);
    const inspector = agent("inspector");
    expect(offered(inspector)).toEqual(["read", "bash"]);
    expect(inspector.permissions.rules.map((rule) => [rule.pattern, rule.action])).toEqual([
      ["*", "deny"],
      ["git status *", "allow"],
      ["echo *", "allow"],
    ]);
  });

  it("warns about hooks, skills, memory and temperature, saying what happens instead", async () => {
    const { warnings } = await load();
    expect(warnings("releaser")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^hooks: not acted on by greenlight: greenlight runs no hooks/),
        expect.stringMatching(/^skills: not acted on by greenlight: greenlight has no skills/),
        expect.stringMatching(/^memory: not acted on by greenlight: .*no agent memory/),
      ]),
    );
    expect(warnings("auditor")).toContainEqual(expect.stringMatching(/^temperature: not acted on.*default temperature/));
  });

  it("resolves provider-form model ids to the Claude model they name, warning when the provider differs", async () => {
    const { agent, warnings } = await load();
    expect(agent("guarded").model).toBe("claude-opus-4-6");
    expect(warnings("guarded")).toContainEqual(expect.stringMatching(/'google-vertex-anthropic\/claude-opus-4-6@default' is Claude on Google Vertex AI; greenlight calls claude-opus-4-6 through the Anthropic API/));
    expect(agent("build-checker").model).toBe("claude-opus-4-6");
    expect(agent("releaser").model).toBe("claude-haiku-4-5-20251001");
    expect(agent("planner").model).toBe("claude-sonnet-5-5");
    expect(warnings("planner")).toContainEqual(expect.stringMatching(/on OpenRouter; greenlight calls claude-sonnet-5-5 .*; '.*' is not a current Claude model/));
    expect(agent("auditor").model).toBe("claude-sonnet-5-5");
    expect(warnings("auditor").join("\n")).not.toMatch(/through the Anthropic API/);
  });

  it.each([
    ["anthropic/claude-opus-4-6", "claude-opus-4-6", false],
    ["google-vertex-anthropic/claude-opus-4-6@default", "claude-opus-4-6", true],
    ["google-vertex-anthropic/claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001", true],
    ["amazon-bedrock/anthropic.claude-opus-4-6-v1:0", "claude-opus-4-6", true],
    ["amazon-bedrock/us.anthropic.claude-opus-4-6-v1:0", "claude-opus-4-6", true],
    ["amazon-bedrock/global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001", true],
    ["openrouter/anthropic/claude-opus-4.6", "claude-opus-4-6", true],
    ["openrouter/anthropic/claude-opus-4-8", "claude-opus-4-8", true],
  ])("resolves %s to %s", (written, expected, warned) => {
    const resolution = resolveModel(written);
    expect(resolution.model).toBe(expected);
    expect(resolution.warning !== undefined).toBe(warned);
  });

  it("reads a path below the project for the rules' source names", async () => {
    const { agent } = await load();
    expect(agent("releaser").permissions.rules[0]!.source).toBe(`disallowedTools in ${join(".claude/agents", "releaser.md")}`);
  });
});
