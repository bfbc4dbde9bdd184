import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToolset, toolSpecs, Workspace, type Subagents, type ToolsetOptions } from "../../src/tools/index.js";

import type { ToolSelection } from "../../src/domain/agent-definition.js";
import { createTempProject, type TempProject } from "./temp-project.js";
import { runnerForTest } from "../support/process-runners.js";

let temp: TempProject;
let base: Omit<ToolsetOptions, "capabilities">;

beforeEach(async () => {
  temp = await createTempProject();
  base = { workspace: await Workspace.create({ projectDir: temp.project }), runner: runnerForTest(), env: {} };
});

afterEach(async () => {
  await temp.remove();
});

const all: ToolSelection = { mode: "all", capabilities: [], raw: [] };
const subagents: Subagents = {
  available: [{ name: "explorer", description: "Finds where things are in the code" }],
  maxPerSession: 10,
  start: async () => {
    throw new Error("not started in this test");
  },
};
const names = (options: ToolsetOptions): string[] => createToolset(options).map((tool) => tool.name);

describe("createToolset", () => {
  it("gives the tools the capabilities allow", () => {
    expect(names({ ...base, capabilities: all, subagents })).toEqual(["Read", "Write", "Edit", "Bash", "Grep", "Glob", "WebFetch", "Task", "TodoWrite"]);
    expect(names({ ...base, capabilities: { mode: "list", capabilities: ["read", "search", "glob", "web"], raw: [] } })).toEqual(["Read", "Grep", "Glob", "WebFetch"]);
    expect(names({ ...base, capabilities: { mode: "none", capabilities: [], raw: [] } })).toEqual([]);
  });

  it("offers Task only with subagents to start (none at the depth limit)", () => {
    const withTask: ToolSelection = { mode: "list", capabilities: ["task", "todo"], raw: ["Task", "TodoWrite"] };
    expect(names({ ...base, capabilities: withTask, subagents })).toEqual(["Task", "TodoWrite"]);
    expect(names({ ...base, capabilities: withTask })).toEqual(["TodoWrite"]);
  });

  it("gives a reviewer ReviewVerdict whatever it lists, and AskHuman when a person can answer", async () => {
    const tools = createToolset({
      ...base,
      capabilities: { mode: "list", capabilities: ["read"], raw: ["Read"] },
      role: "reviewer",
      askHuman: async (question) => `answer to ${question}`,
    });
    expect(tools.map((tool) => tool.name)).toEqual(["Read", "ReviewVerdict", "AskHuman"]);
    const context = { agent: "reviewer", signal: new AbortController().signal };
    const verdict = await tools[1]!.execute(tools[1]!.inputSchema.parse({ verdict: "request_changes", summary: "missing test", findings: ["add a test for 0"] }), context);
    expect(verdict.effect).toEqual({ kind: "verdict", verdict: "request_changes", summary: "missing test", findings: ["add a test for 0"] });
    const answered = await tools[2]!.execute({ question: "which port?" }, context);
    expect([answered.content, answered.effect]).toEqual(["answer to which port?", { kind: "question", question: "which port?" }]);
  });

  it("describes every tool to the model as snapshotted", async () => {
    const specs = toolSpecs(createToolset({ ...base, capabilities: all, role: "reviewer", askHuman: async () => "", subagents }));
    await expect(JSON.stringify(specs, null, 2) + "\n").toMatchFileSnapshot("__snapshots__/tool-specs.json");
  });
});
