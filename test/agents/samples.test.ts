import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { agentDefinitionSchema } from "../../src/domain/agent-definition.js";
import { loadAgents } from "../../src/agents/index.js";
import { AGENT_SAMPLES as SAMPLES } from "./temp-project.js";

async function sample(prefix: string) {
  const file = readdirSync(SAMPLES).find((name) => name.startsWith(prefix))!;
  const catalog = await loadAgents({ projectDir: SAMPLES, builtinDir: "/nonexistent", explicitPaths: [join(SAMPLES, file)], explicitOnly: true });
  const report = catalog.files[0]!;
  expect(report.errors).toEqual([]);
  return report.agent!;
}

describe("the five agent samples", () => {
  it("000 keeps its handoff, mojibake target and send flag as written", async () => {
    const agent = await sample("000");
    expect(agent.handoffs).toEqual([
      { label: "Start Gradio Frontend Implementation", agent: "ðŸ’€ Frontend Dev", prompt: "Now implement the Gradio frontend based on the technical.", send: true },
    ]);
    expect(agent.tools.mode).toBe("all");
    expect(agent.name).toBe("000_0116e76c80a8b5d9");
  });

  it("001 resolves 'Claude Haiku 4.5 (copilot)' to a Haiku id and reads Copilot tool names", async () => {
    const agent = await sample("001");
    expect(agent.model).toMatch(/^claude-haiku-/);
    expect(agent.model).toBe("claude-haiku-4-5");
    expect(agent.tools.raw).toEqual(["edit", "runCommands", "search", "runTasks", "usages", "problems", "changes", "fetch"]);
    expect(agent.tools.capabilities).toEqual(["read", "write", "edit", "bash", "search", "glob", "web"]);
  });

  it("002 has tools read, write, bash, search, glob and model inherit", async () => {
    const agent = await sample("002");
    expect(agent.name).toBe("backend");
    expect(agent.tools).toEqual({ mode: "list", capabilities: ["read", "write", "bash", "search", "glob"], raw: ["Read", "Write", "Bash", "Grep", "Glob"] });
    expect(agent.model).toBe("inherit");
  });

  it("003 turns literal \\n in its description into newlines", async () => {
    const agent = await sample("003");
    expect(agent.name).toBe("backend-engineer");
    expect(agent.description).toContain("\n\n**Examples:**\n\n<example>");
    expect(agent.description).not.toContain("\\n");
  });

  it("004 maps namespaced VS Code tools and MCP servers", async () => {
    const agent = await sample("004");
    expect(agent.name).toBe("Backend Engineer");
    expect(agent.tools.capabilities).toEqual(["read", "write", "edit", "bash", "search", "glob", "web", "task", "todo", "mcp"]);
  });

  it("every sample validates against the domain schema", async () => {
    for (const prefix of ["000", "001", "002", "003", "004"]) expect(agentDefinitionSchema.safeParse(await sample(prefix)).success).toBe(true);
  });
});
