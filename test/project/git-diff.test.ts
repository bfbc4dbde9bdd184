import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffTrees, workingTree, type GitContext } from "../../src/project/git-diff.js";
import { runnerForTest } from "../support/process-runners.js";


let project: string;
let context: GitContext;
const gitIn = (dir: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-git-"));
  context = { runner: runnerForTest(), projectDir: project, env: { PATH: process.env.PATH ?? "", HOME: project }, stateDir: join(project, ".greenlight") };
});
afterEach(async () => rm(project, { recursive: true, force: true }));

describe("reviewer diff from git", () => {
  it("diffs the working tree since the start, new files included, leaving the person's index and the state folder alone", async () => {
    gitIn(project, "init", "-q");
    await writeFile(join(project, "calc.js"), "export const a = 1;\n");
    await writeFile(join(project, "staged.txt"), "one\n");
    gitIn(project, "add", "calc.js");
    gitIn(project, "commit", "-q", "-m", "start");
    gitIn(project, "add", "staged.txt");
    const start = await workingTree(context);
    expect(start).toMatch(/^[0-9a-f]{40}/);
    await writeFile(join(project, "calc.js"), "export const a = 2;\n");
    await mkdir(join(project, "test"));
    await writeFile(join(project, "test/calc.test.js"), "new test\n");
    await mkdir(join(project, ".greenlight"));
    await writeFile(join(project, ".greenlight/tasks.json"), "{}\n");
    const now = await workingTree(context);
    const diff = await diffTrees(context, start!, now!);
    expect(diff).toContain("-export const a = 1;\n+export const a = 2;");
    expect(diff).toContain("+++ b/test/calc.test.js");
    expect(diff).not.toContain(".greenlight");
    expect(diff).not.toContain("staged.txt");
    expect(gitIn(project, "diff", "--cached", "--name-only").trim()).toBe("staged.txt");
    expect(gitIn(project, "status", "--porcelain")).toContain("?? test/");
  });

  it("is undefined outside a git repository, so the snapshots give the diff", async () => {
    await writeFile(join(project, "calc.js"), "x\n");
    expect(await workingTree(context)).toBeUndefined();
  });
});
