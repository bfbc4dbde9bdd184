import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToolset, Workspace, writeFileInside, type Tool, type ToolResult } from "../../src/tools/index.js";

import { createTempProject, markedSleep, processesWith, waitFor, waitUntilNoneWith, type TempProject } from "./temp-project.js";
import { runnerForTest } from "../support/process-runners.js";

let temp: TempProject;
let workspace: Workspace;
let tools: Map<string, Tool>;

async function call(name: string, input: Record<string, unknown>, signal = new AbortController().signal): Promise<ToolResult> {
  const tool = tools.get(name)!;
  return tool.execute(tool.inputSchema.parse(input), { agent: "backend", signal });
}

function expectRefused(result: ToolResult): void {
  expect(result.isError).toBe(true);
  expect(result.content).not.toContain("outside secret");
}

beforeEach(async () => {
  temp = await createTempProject();
  await temp.write("src/app.js", "console.log('app')\n");
  await temp.write(".git/config", "[core]\n");
  await temp.write(".greenlight/state.json", "{}\n");
  workspace = await Workspace.create({ projectDir: temp.project, protectedDirs: [".greenlight"] });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", FAKE_API_KEY: "sk-fake-1", MY_TOKEN: "tok-2", ANTHROPIC_API_KEY: "sk-ant-3", DB_PASSWORD: "pw-4", HARMLESS: "visible" };
  const list = createToolset({ workspace, capabilities: { mode: "all", capabilities: [], raw: [] }, runner: runnerForTest(), env });
  tools = new Map(list.map((tool) => [tool.name, tool]));
});

afterEach(async () => {
  await temp.remove();
});

describe("sandbox: paths", () => {
  it.each([
    ["Read", { file_path: "../outside/secret.txt" }],
    ["Read", { file_path: "src/../../outside/secret.txt" }],
    ["Read", { file_path: "/etc/passwd" }],
    ["Read", { file_path: "src/app.js\0.txt" }],
    ["Write", { file_path: "../outside/new.txt", content: "x" }],
    ["Write", { file_path: "/tmp/greenlight-escape.txt", content: "x" }],
    ["Edit", { file_path: "../outside/secret.txt", old_string: "outside", new_string: "owned" }],
    ["Grep", { pattern: "secret", path: ".." }],
    ["Grep", { pattern: "root", path: "/etc" }],
    ["Glob", { pattern: "**/*", path: "../outside" }],
    ["Glob", { pattern: "../**" }],
    ["Glob", { pattern: "/etc/*" }],
  ])("%s %j is refused", async (name, input) => {
    expectRefused(await call(name, input));
    expect(existsSync("/tmp/greenlight-escape.txt")).toBe(false);
    expect(readFileSync(join(temp.outside, "secret.txt"), "utf8")).toBe("outside secret\n");
    expect(existsSync(join(temp.outside, "new.txt"))).toBe(false);
  });

  it("refuses a file symlink to outside planted before the session", async () => {
    await symlink(join(temp.outside, "secret.txt"), join(temp.project, "link.txt"));
    expectRefused(await call("Read", { file_path: "link.txt" }));
    expectRefused(await call("Write", { file_path: "link.txt", content: "owned" }));
    expect(readFileSync(join(temp.outside, "secret.txt"), "utf8")).toBe("outside secret\n");
  });

  it("refuses a folder symlink to outside, for reads, writes and searches", async () => {
    await symlink(temp.outside, join(temp.project, "docs"));
    expectRefused(await call("Read", { file_path: "docs/secret.txt" }));
    expectRefused(await call("Write", { file_path: "docs/new.txt", content: "x" }));
    const grep = await call("Grep", { pattern: "outside secret" });
    expect(grep.content).toBe("No matches found.");
    const glob = await call("Glob", { pattern: "**/secret.txt" });
    expect(glob.content).toBe("No files found.");
    expect(existsSync(join(temp.outside, "new.txt"))).toBe(false);
  });

  it("refuses a dangling symlink as the target", async () => {
    await symlink(join(temp.outside, "not-yet.txt"), join(temp.project, "dangling.txt"));
    expectRefused(await call("Write", { file_path: "dangling.txt", content: "x" }));
    expect(existsSync(join(temp.outside, "not-yet.txt"))).toBe(false);
  });

  it("refuses a write when a folder becomes a symlink between the check and the write", async () => {
    await mkdir(join(temp.project, "out"));
    const checked = await workspace.resolveForWrite("out/file.txt", "backend");
    await rm(join(temp.project, "out"), { recursive: true });
    await symlink(temp.outside, join(temp.project, "out"));
    await expect(writeFileInside(workspace, "out/file.txt", "owned", "backend", checked)).rejects.toThrow(/symlink|outside/);
    expect(existsSync(join(temp.outside, "file.txt"))).toBe(false);
  });

  it("never writes through a symlink at the final path, even one pointing inside", async () => {
    await symlink(join(temp.project, "src/app.js"), join(temp.project, "alias.js"));
    expectRefused(await call("Write", { file_path: "alias.js", content: "owned" }));
    expect(readFileSync(join(temp.project, "src/app.js"), "utf8")).toBe("console.log('app')\n");
  });

  it("refuses writes into .git and the state folder", async () => {
    for (const file_path of [".git/config", ".git/hooks/pre-commit", "sub/.GIT/config", ".greenlight/state.json", `${temp.project}/.greenlight/x.json`]) {
      expectRefused(await call("Write", { file_path, content: "owned" }));
    }
    expectRefused(await call("Edit", { file_path: ".git/config", old_string: "[core]", new_string: "[owned]" }));
    expect(readFileSync(join(temp.project, ".git/config"), "utf8")).toBe("[core]\n");
    expect(readFileSync(join(temp.project, ".greenlight/state.json"), "utf8")).toBe("{}\n");
  });

  it("consults the write guards", async () => {
    const guarded = await Workspace.create({ projectDir: temp.project, writeGuards: [(path, agent) => (path.startsWith("test/") && agent === "backend" ? "Tests are locked for backend." : undefined)] });
    await expect(guarded.resolveForWrite("test/a.test.js", "backend")).rejects.toThrow("Tests are locked for backend.");
    await expect(guarded.resolveForWrite("test/a.test.js", "qa")).resolves.toMatchObject({ relative: "test/a.test.js" });
  });
});

describe("sandbox: processes", () => {
  it("gives Bash no secrets from the environment", async () => {
    const result = await call("Bash", { command: "env" });
    expect(result.content).toContain("HARMLESS=visible");
    for (const secret of ["sk-fake-1", "tok-2", "sk-ant-3", "pw-4", "FAKE_API_KEY", "MY_TOKEN", "ANTHROPIC_API_KEY"]) expect(result.content).not.toContain(secret);
  });

  it("runs Bash in the project folder", async () => {
    const result = await call("Bash", { command: "pwd" });
    expect(result.content.split("\n")[0]).toBe(temp.project);
  });

  it("caps huge output keeping head and tail", async () => {
    const result = await call("Bash", { command: "echo FIRST; head -c 2000000 /dev/zero | tr '\\0' x; echo; echo LAST" });
    expect(result.content.length).toBeLessThan(40_000);
    expect(result.content).toMatch(/^FIRST/);
    expect(result.content).toMatch(/LAST\n\n\[exit code 0\]$/);
    expect(result.content).toMatch(/\[\.\.\. \d+ bytes cut \.\.\.\]/);
  });

  it("kills the whole group on timeout", async () => {
    const sleep = markedSleep();
    await writeFile(join(temp.project, "bg.sh"), `${sleep} &\necho started > started\n${sleep}\n`);
    const result = await call("Bash", { command: "sh bg.sh", timeout: 1000 });
    expect(result.isError).toBe(true);
    expect(result.summary).toMatch(/^timed out/);
    expect(existsSync(join(temp.project, "started"))).toBe(true);
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });

  it("does not let a background process outlive the call", async () => {
    const sleep = markedSleep();
    const result = await call("Bash", { command: `${sleep} & echo started` });
    expect(result.content).toMatch(/^started/);
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });

  it("does not let a process that left the group with setsid outlive the call", async () => {
    const sleep = markedSleep();
    const result = await call("Bash", { command: `setsid ${sleep} > /dev/null 2>&1 & sleep 0.2; echo started` });
    expect(result.content).toMatch(/^started/);
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });

  it("shows a command none of greenlight's processes, so their environments stay unread", async () => {
    process.env.GREENLIGHT_TEST_PARENT_SECRET = "sk-parent-5";
    try {
      const result = await call("Bash", { command: "cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c PARENT_SECRET; ls /proc | grep -c '^[0-9]'" });
      const [secrets, processes] = result.content.split("\n").map(Number);
      expect(secrets).toBe(0);
      expect(processes).toBeLessThan(10);
    } finally {
      delete process.env.GREENLIGHT_TEST_PARENT_SECRET;
    }
  });

  it("kills the whole group on abort", async () => {
    const controller = new AbortController();
    const sleep = markedSleep();
    const running = call("Bash", { command: `${sleep} & ${sleep}` }, controller.signal);
    expect(await waitFor(() => processesWith(sleep).length === 2)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.summary).toMatch(/^cancelled/);
    expect(await waitUntilNoneWith(sleep)).toBe(true);
  });
});

describe("sandbox: special files and path spellings", () => {
  it("refuses to read or edit a FIFO the model made, without blocking", async () => {
    execFileSync("mkfifo", [join(temp.project, "pipe")]);
    const read = await call("Read", { file_path: "pipe" });
    expect(read.isError).toBe(true);
    expect(read.content).toMatch(/not a regular file/);
    const edit = await call("Edit", { file_path: "pipe", old_string: "a", new_string: "b" });
    expect(edit.isError).toBe(true);
    expect(edit.content).toMatch(/not a regular file/);
  });

  it("protects the state folder when the project is named through a symlink and the state by its real path", async () => {
    const link = join(temp.root, "project-link");
    symlinkSync(temp.project, link);
    const spelled = await Workspace.create({ projectDir: link, protectedDirs: [join(temp.project, ".greenlight")] });
    await expect(spelled.resolveForWrite(".greenlight/state.json", "backend")).rejects.toThrow();
    const reversed = await Workspace.create({ projectDir: temp.project, protectedDirs: [join(link, ".greenlight")] });
    await expect(reversed.resolveForWrite(".greenlight/state.json", "backend")).rejects.toThrow();
  });
});
