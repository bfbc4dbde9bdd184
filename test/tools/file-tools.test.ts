import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { utimes } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToolset, Workspace, type Tool, type ToolResult } from "../../src/tools/index.js";

import { createTempProject, type TempProject } from "./temp-project.js";
import { runnerForTest } from "../support/process-runners.js";

let temp: TempProject;
let tools: Map<string, Tool>;

async function call(name: string, input: Record<string, unknown>): Promise<ToolResult> {
  const tool = tools.get(name)!;
  return tool.execute(tool.inputSchema.parse(input), { agent: "backend", signal: new AbortController().signal });
}

beforeEach(async () => {
  temp = await createTempProject();
  const workspace = await Workspace.create({ projectDir: temp.project });
  const list = createToolset({ workspace, capabilities: { mode: "all", capabilities: [], raw: [] }, runner: runnerForTest(), env: { PATH: process.env.PATH ?? "/bin" } });
  tools = new Map(list.map((tool) => [tool.name, tool]));
});

afterEach(async () => {
  await temp.remove();
});

describe("Read", () => {
  it("numbers lines like cat -n", async () => {
    await temp.write("a.txt", "one\ntwo\n");
    const result = await call("Read", { file_path: "a.txt" });
    expect(result).toMatchObject({ isError: false, content: "     1\tone\n     2\ttwo", summary: "2 lines" });
  });

  it("pages a large file and says how to read on", async () => {
    await temp.write("big.txt", Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join("\n"));
    const first = await call("Read", { file_path: "big.txt" });
    expect(first.content).toContain("  2000\tline 2000");
    expect(first.content).not.toContain("line 2001");
    expect(first.content).toContain("offset=2001");
    const next = await call("Read", { file_path: "big.txt", offset: 2999, limit: 5 });
    expect(next.content).toBe("  2999\tline 2999\n  3000\tline 3000");
  });

  it("refuses binary files and says what is missing", async () => {
    writeFileSync(join(temp.project, "img.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    expect(await call("Read", { file_path: "img.bin" })).toMatchObject({ isError: true, summary: "refused: binary" });
    expect(await call("Read", { file_path: "nope.txt" })).toMatchObject({ isError: true, summary: "not found" });
  });
});

describe("Write and Edit", () => {
  it("writes new files with parents and summarises changes", async () => {
    expect(await call("Write", { file_path: "src/new.js", content: "a\nb\n" })).toMatchObject({ isError: false, summary: "2 lines, new file", filesChanged: ["src/new.js"] });
    expect(await call("Write", { file_path: "src/new.js", content: "a\nc\nd\n" })).toMatchObject({ summary: "+2 -1 lines" });
    expect(readFileSync(join(temp.project, "src/new.js"), "utf8")).toBe("a\nc\nd\n");
  });

  it("edits a unique match and explains a missing or repeated one", async () => {
    await temp.write("f.js", "let x = 1;\nlet y = 1;\n");
    expect(await call("Edit", { file_path: "f.js", old_string: "let z", new_string: "q" })).toMatchObject({ isError: true, summary: "not found" });
    const repeated = await call("Edit", { file_path: "f.js", old_string: "= 1;", new_string: "= 2;" });
    expect(repeated).toMatchObject({ isError: true, summary: "not unique" });
    expect(repeated.content).toContain("replace_all");
    expect(await call("Edit", { file_path: "f.js", old_string: "let x = 1;", new_string: "let x = $&;\nlet w = 0;" })).toMatchObject({ isError: false, summary: "+2 -1 lines" });
    expect(readFileSync(join(temp.project, "f.js"), "utf8")).toBe("let x = $&;\nlet w = 0;\nlet y = 1;\n");
    await call("Edit", { file_path: "f.js", old_string: "let", new_string: "const", replace_all: true });
    expect(readFileSync(join(temp.project, "f.js"), "utf8")).toBe("const x = $&;\nconst w = 0;\nconst y = 1;\n");
  });
});

describe("Grep and Glob", () => {
  beforeEach(async () => {
    await temp.write("src/a.ts", "export const Alpha = 1;\nconst beta = 2;\n");
    await temp.write("src/b.js", "alpha();\n");
    await temp.write("node_modules/pkg/index.js", "alpha\n");
    await temp.write(".git/HEAD", "alpha\n");
  });

  it("searches contents in every output mode, skipping node_modules and .git", async () => {
    expect((await call("Grep", { pattern: "alpha", "-i": true })).content).toBe("src/a.ts\nsrc/b.js");
    expect((await call("Grep", { pattern: "alpha", output_mode: "count" })).content).toBe("src/b.js:1");
    expect((await call("Grep", { pattern: "const", output_mode: "content", "-n": true, glob: "*.ts" })).content).toBe("src/a.ts:1:export const Alpha = 1;\nsrc/a.ts:2:const beta = 2;");
    expect((await call("Grep", { pattern: "alpha", path: "src/b.js" })).content).toBe("src/b.js");
    expect(await call("Grep", { pattern: "(" })).toMatchObject({ isError: true, summary: "bad pattern" });
  });

  it("lists files by pattern, newest first", async () => {
    await utimes(join(temp.project, "src/a.ts"), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect((await call("Glob", { pattern: "**/*.{ts,js}" })).content).toBe("src/b.js\nsrc/a.ts");
    expect((await call("Glob", { pattern: "*.ts", path: "src" })).content).toBe("src/a.ts");
    expect((await call("Glob", { pattern: "**/*.py" })).content).toBe("No files found.");
  });
});
