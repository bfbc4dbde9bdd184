import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgents } from "../../src/agents/index.js";
import { tempProject } from "./temp-project.js";

const agent = (name: string, extra = "") => `---\nname: ${name}\ndescription: ${name} agent\n${extra}---\nPrompt of ${name}.\n`;

describe("agent discovery", () => {
  it("finds every place in order, later places overriding earlier ones, and resolves handoffs across them", async () => {
    const project = await tempProject({
      "builtin/qa.md": agent("qa"),
      "builtin/notes.txt": "not an agent",
      "project/.claude/agents/nested/deep/claude-one.md": agent("claude-one", "handoffs:\n  - label: Go\n    agent: Copilot One\n"),
      "project/.claude/agents/qa.md": agent("qa", "model: haiku\n"),
      "project/.github/agents/Copilot One.agent.md": "---\ndescription: c\n---\nbody\n",
      "project/.github/agents/plain.md": "---\ndescription: p\n---\nbody\n",
      "project/.github/chatmodes/mode.chatmode.md": "---\ndescription: m\n---\nbody\n",
      "project/.github/chatmodes/ignored.md": "---\ndescription: i\n---\nbody\n",
      "project/.opencode/agent/subagents/build.md": "---\ndescription: b\ntools:\n  bash: false\n---\nbody\n",
      "project/.opencode/agents/other.md": "---\ndescription: o\n---\nbody\n",
      "project/.greenlight/agents/qa.md": agent("qa", "model: opus\n"),
      "extra/qa.md": agent("qa", "model: sonnet\n"),
    });
    try {
      const catalog = await loadAgents({
        projectDir: join(project.dir, "project"),
        builtinDir: join(project.dir, "builtin"),
        explicitPaths: [join(project.dir, "extra/qa.md")],
      });
      const origins = catalog.files.map((report) => `${report.agent?.source.origin}:${report.agent?.name}:${report.dialect}`);
      expect(origins).toEqual([
        "builtin:qa:greenlight",
        ".claude/agents:claude-one:claude-code",
        ".claude/agents:qa:claude-code",
        ".github/agents:Copilot One:copilot-agent",
        ".github/agents:plain:copilot-agent",
        ".github/chatmodes:mode:copilot-chatmode",
        ".opencode/agent:subagents/build:opencode",
        ".opencode/agents:other:opencode",
        ".greenlight/agents:qa:greenlight",
        "explicit:qa:claude-code",
      ]);
      const qa = catalog.agents.find((candidate) => candidate.name === "qa")!;
      expect(qa.source.origin).toBe("explicit");
      expect(qa.model).toMatch(/^claude-sonnet-/);
      expect(catalog.agents.filter((candidate) => candidate.name === "qa")).toHaveLength(1);
      const overrideWarning = catalog.files.at(-1)!.warnings.map((warning) => warning.message).join("\n");
      expect(overrideWarning).toMatch(/agent 'qa' is defined in .*\.greenlight\/agents\/qa\.md and .*extra\/qa\.md \(overrides \.greenlight\/agents\)/);
      const claudeOne = catalog.agents.find((candidate) => candidate.name === "claude-one")!;
      expect(claudeOne.handoffs[0]!.resolvedAgent).toBe("Copilot One");
      expect(catalog.agents.find((candidate) => candidate.name === "subagents/build")!.tools.capabilities).not.toContain("bash");
    } finally {
      await project.cleanup();
    }
  });

  it("resolves handoff targets across case, spacing and cp1252 / MacRoman mojibake; unresolved is a warning", async () => {
    const project = await tempProject({
      "p/.claude/agents/front.md": agent("💀 Frontend Dev"),
      "p/.claude/agents/dash.md": agent("Backend — API"),
      "p/.claude/agents/caller.md": agent(
        "caller",
        "handoffs:\n  - {label: A, agent: ðŸ’€ Frontend Dev}\n  - {label: B, agent: '💀  frontend-dev'}\n  - {label: C, agent: 'Backend ‚Äî API'}\n  - {label: D, agent: nobody}\n",
      ),
    });
    try {
      const catalog = await loadAgents({ projectDir: join(project.dir, "p"), builtinDir: "/nonexistent" });
      const caller = catalog.agents.find((candidate) => candidate.name === "caller")!;
      expect(caller.handoffs.map((handoff) => handoff.resolvedAgent)).toEqual(["💀 Frontend Dev", "💀 Frontend Dev", "Backend — API", undefined]);
      const report = catalog.files.find((candidate) => candidate.agent === caller)!;
      expect(report.ok).toBe(true);
      expect(report.warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/no agent named 'nobody' \(button 'D'\)/)]);
    } finally {
      await project.cleanup();
    }
  });

  it("the built-in team loads cleanly with handoffs between its members", async () => {
    const builtinDir = join(import.meta.dirname, "../../agents");
    const catalog = await loadAgents({ projectDir: "/nonexistent", builtinDir });
    expect(catalog.files.every((report) => report.ok && report.warnings.length === 0)).toBe(true);
    const byName = Object.fromEntries(catalog.agents.map((candidate) => [candidate.name, candidate]));
    expect(Object.keys(byName).sort()).toEqual(["backend", "planner", "qa", "reviewer"]);
    expect(byName["qa"]!.handoffs.map((handoff) => `${handoff.label}->${handoff.resolvedAgent}`)).toEqual(["Implement->backend"]);
    expect(byName["backend"]!.handoffs.map((handoff) => `${handoff.label}->${handoff.resolvedAgent}`)).toContain("Review->reviewer");
    expect(byName["reviewer"]!.handoffs.map((handoff) => `${handoff.label}->${handoff.resolvedAgent}`)).toContain("Address findings->backend");
    expect(byName["reviewer"]!.tools.capabilities).toEqual(["read", "bash", "search", "glob"]);
    expect(byName["reviewer"]!.prompt).toContain("ReviewVerdict");
    expect(byName["qa"]!.prompt).toMatch(/REQ-001: /);
    for (const member of catalog.agents) expect(member.model).toBe("inherit");
  });
});
