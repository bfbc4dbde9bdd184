import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAgentFile } from "../../src/agents/load-agent-file.js";
import type { AgentDefinition } from "../../src/domain/agent-definition.js";
import { resolveRunConfig } from "../../src/run/config.js";
import { reasoningFor } from "../../src/run/reasoning-config.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-reasoning-"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ scripts: { test: "node --test" } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const agentFile = (origin: string, file: string, text: string): AgentDefinition => {
  const report = parseAgentFile({ file, origin }, new TextEncoder().encode(text));
  if (!report.agent) throw new Error(JSON.stringify(report.errors));
  return report.agent;
};

describe("thinking and effort settings", () => {
  it("reads greenlight.json for every agent, per role and per agent, the most specific first", async () => {
    await writeFile(
      join(dir, "greenlight.json"),
      JSON.stringify({ thinking: "off", effort: "medium", reasoning: { roles: { reviewer: { effort: "max", thinking: 16000 } }, agents: { "deep-reviewer": { thinking: "adaptive" } } } }),
    );
    const config = resolveRunConfig(dir, {}).reasoning;
    const plain = agentFile(".claude/agents", "plain.md", "---\nname: plain\ndescription: d\n---\nDo it.\n");
    const deep = agentFile(".claude/agents", "deep.md", "---\nname: deep-reviewer\ndescription: d\neffort: high\n---\nReview.\n");
    expect(reasoningFor(config, plain, "backend")).toEqual({ thinking: "off", effort: "medium" });
    expect(reasoningFor(config, plain, "reviewer")).toEqual({ thinking: 16000, effort: "max" });
    expect(reasoningFor(config, deep, "reviewer")).toEqual({ thinking: "adaptive", effort: "high" });
  });

  it("refuses a setting that names no level, naming the key", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ reasoning: { roles: { qa: { effort: "extreme" } } } }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'reasoning\.roles\.qa\.effort'/);
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ thinking: 100 }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/key 'thinking'/);
  });

  it("reads Claude Code's effort and opencode's reasoningEffort from agent files, warning about values it cannot use", () => {
    expect(agentFile(".claude/agents", "a.md", "---\nname: a\ndescription: d\neffort: xhigh\n---\nx\n").reasoning).toEqual({ effort: "xhigh" });
    expect(agentFile(".opencode/agent", "b.md", "---\ndescription: d\nreasoningEffort: minimal\n---\nx\n").reasoning).toEqual({ effort: "low" });
    expect(agentFile(".opencode/agent", "c.md", "---\ndescription: d\noptions:\n  reasoningEffort: high\n---\nx\n").reasoning).toEqual({ effort: "high" });
    const report = parseAgentFile({ file: "d.md", origin: ".claude/agents" }, new TextEncoder().encode("---\nname: d\ndescription: d\neffort: huge\n---\nx\n"));
    expect(report.agent?.reasoning).toBeUndefined();
    expect(report.warnings.map((warning) => warning.message)).toContain("effort: expected one of low, medium, high, xhigh, max, got \"huge\"; the model's default effort is used");
  });
});
