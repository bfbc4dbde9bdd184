import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProcessRunner } from "../../src/process/index.js";
import { createToolset, Workspace, type Tool, type ToolResult } from "../../src/tools/index.js";
import { createTempProject, type TempProject } from "./temp-project.js";

let temp: TempProject;
let tools: Map<string, Tool>;

async function call(name: string, input: Record<string, unknown>): Promise<ToolResult> {
  const tool = tools.get(name)!;
  return tool.execute(tool.inputSchema.parse(input), { agent: "backend", signal: new AbortController().signal });
}

beforeEach(async () => {
  temp = await createTempProject();
  await temp.write(".gitignore", ".venv/\n*.pyc\n");
  await temp.write("app/main.py", "def handler():\n    return 1\n");
  await temp.write("app/main.pyc", "def handler(): compiled\n");
  await temp.write(".venv/lib/site-packages/requests/api.py", "def handler():\n    pass\n");
  await temp.write(".venv/.gitignore", "*\n");
  const workspace = await Workspace.create({ projectDir: temp.project });
  const list = createToolset({ workspace, capabilities: { mode: "all", capabilities: [], raw: [] }, runner: createProcessRunner(), env: { PATH: process.env.PATH ?? "/bin" } });
  tools = new Map(list.map((tool) => [tool.name, tool]));
});
afterEach(() => temp.remove());

describe("search that honours .gitignore", () => {
  it("Grep skips what git ignores, and searches an ignored folder the agent names", async () => {
    expect((await call("Grep", { pattern: "def handler" })).content).toBe("app/main.py");
    expect((await call("Grep", { pattern: "def handler", path: ".venv" })).content).toBe(".venv/lib/site-packages/requests/api.py");
    expect((await call("Grep", { pattern: "compiled", path: "app/main.pyc" })).content).toBe("app/main.pyc");
  });

  it("Grep still matches line by line: anchors on any line, a lookbehind at a line's start", async () => {
    expect((await call("Grep", { pattern: "^    return 1$", output_mode: "content", "-n": true })).content).toBe("app/main.py:2:    return 1");
    expect((await call("Grep", { pattern: "(?<!x)return", output_mode: "count" })).content).toBe("app/main.py:1");
  });

  it("Glob lists the project's own files, and an ignored folder when the path or the pattern names it", async () => {
    expect((await call("Glob", { pattern: "**/*.py" })).content).toBe("app/main.py");
    expect((await call("Glob", { pattern: "**/*.py", path: ".venv" })).content).toBe(".venv/lib/site-packages/requests/api.py");
    expect((await call("Glob", { pattern: ".venv/lib/**/*.py" })).content).toBe(".venv/lib/site-packages/requests/api.py");
  });
});
