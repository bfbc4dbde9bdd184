import type { AgentDefinition } from "../../src/domain/agent-definition.js";

/** A built-in agent with every tool, for session tests; a test names only what it changes. */
export function testAgent(overrides: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    name: "backend",
    description: "makes tests pass",
    prompt: "You write code.",
    dialect: "greenlight",
    source: { file: "backend.md", origin: "builtin" },
    tools: { mode: "all", capabilities: [], raw: [] },
    model: "claude-sonnet-5-5",
    handoffs: [],
    permissions: { rules: [], onAsk: "ask" },
    frontmatter: {},
    ...overrides,
  };
}
