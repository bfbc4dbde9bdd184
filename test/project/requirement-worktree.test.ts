import { chmod, lstat, mkdir, readFile, readlink, rename, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requirementWorktrees, type RequirementWorktrees } from "../../src/project/requirement-worktree.js";
import { commitAll, changedSince, diffSince, mergeBase } from "../../src/project/worktree-commits.js";
import { testRepository, type TestRepository } from "../support/git-repository.js";

let repo: TestRepository;
let base: string;
let worktrees: RequirementWorktrees;

beforeEach(async () => {
  repo = await testRepository({ "src/calc.js": "export const a = 1;\n", ".gitignore": "node_modules/\n" });
  base = repo.git(["rev-parse", "HEAD"]).trim();
  worktrees = requirementWorktrees(repo.context);
});
afterEach(async () => repo.remove());

const open = (extra: { setup?: string; requirement?: string } = {}) => worktrees.open({ requirement: "REQ-001", base, home: repo.home, ...extra });
const worktreeList = () => repo.git(["worktree", "list", "--porcelain"]);

describe("a requirement's worktree", () => {
  it("is made outside the project on branch greenlight/<id> from the base, and git lists it", async () => {
    const worktree = await open();
    expect(worktree).toMatchObject({ requirement: "REQ-001", branch: "greenlight/REQ-001", path: join(repo.home, "REQ-001"), resumed: false, links: [] });
    expect(worktree.recovered).toBeUndefined();
    expect(await readFile(join(worktree.path, "src/calc.js"), "utf8")).toBe("export const a = 1;\n");
    expect(worktreeList()).toContain(`worktree ${worktree.path}\n`);
    expect(worktreeList()).toContain("branch refs/heads/greenlight/REQ-001");
    expect(repo.git(["rev-parse", "greenlight/REQ-001"]).trim()).toBe(base);
    expect(await worktrees.list()).toEqual([{ requirement: "REQ-001", branch: "greenlight/REQ-001", path: worktree.path }]);
  });

  it("is reused when it is still there, with its commits", async () => {
    const first = await open();
    await writeFile(join(first.path, "src/calc.js"), "export const a = 2;\n");
    const stage = await commitAll(repo.context, first, "REQ-001: red by qa");
    const again = await open();
    expect(again).toMatchObject({ path: first.path, resumed: true });
    expect(again.recovered).toBeUndefined();
    expect(repo.git(["rev-parse", "HEAD"], again.path).trim()).toBe(stage);
  });

  it("is made again from its branch when its folder vanished, and from the branch alone when git never had it", async () => {
    const first = await open();
    await writeFile(join(first.path, "new.txt"), "kept\n");
    await commitAll(repo.context, first, "REQ-001: stage");
    repo.git(["worktree", "add", "-q", join(repo.root, "users-own"), "-b", "users-own"]);
    await rename(join(repo.root, "users-own"), join(repo.root, "users-own-unmounted"));
    await rename(first.path, join(repo.root, "moved-away"));
    const again = await open();
    expect(worktreeList()).toContain(`worktree ${join(repo.root, "users-own")}\n`);
    expect(again).toMatchObject({ path: first.path, resumed: true });
    expect(await readFile(join(again.path, "new.txt"), "utf8")).toBe("kept\n");
    expect(worktreeList().match(/^worktree /gm)).toHaveLength(3);

    repo.git(["branch", "greenlight/REQ-002", "greenlight/REQ-001"]);
    const branchOnly = await open({ requirement: "REQ-002" });
    expect(branchOnly).toMatchObject({ branch: "greenlight/REQ-002", path: join(repo.home, "REQ-002"), resumed: true });
    expect(await readFile(join(branchOnly.path, "new.txt"), "utf8")).toBe("kept\n");
  });

  it("links the project's untracked dependency folders, which commits leave out", async () => {
    await repo.write("node_modules/dep/index.js", "module.exports = 1;\n");
    await mkdir(join(repo.project, ".venv"));
    const worktree = await open();
    expect(worktree.links).toEqual(["node_modules", ".venv"]);
    expect((await lstat(join(worktree.path, "node_modules"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(worktree.path, "node_modules"))).toBe(join(repo.project, "node_modules"));
    expect(await readFile(join(worktree.path, "node_modules/dep/index.js"), "utf8")).toBe("module.exports = 1;\n");
    await writeFile(join(worktree.path, "src/calc.js"), "export const a = 3;\n");
    const commit = await commitAll(repo.context, worktree, "REQ-001: green by backend");
    expect(repo.git(["show", "--name-only", "--format=", commit]).trim()).toBe("src/calc.js");
    expect(repo.git(["ls-tree", "-r", "--name-only", commit])).not.toMatch(/node_modules|\.venv/);
    expect(repo.git(["status", "--porcelain"], worktree.path)).toBe("?? .venv\n?? node_modules\n");
    expect((await open()).links).toEqual(["node_modules", ".venv"]);
  });

  it("never puts a link over a folder of that name the worktree already has", async () => {
    await repo.write("venv/tracked.txt", "tracked\n");
    repo.commit("a tracked venv");
    base = repo.git(["rev-parse", "HEAD"]).trim();
    const worktree = await open();
    expect(worktree.links).toEqual([]);
    expect((await lstat(join(worktree.path, "venv"))).isDirectory()).toBe(true);
  });

  it("runs the setup command in a new worktree once, and fails with its output", async () => {
    const worktree = await open({ setup: "pwd > setup-ran.txt && echo again >> count.txt" });
    expect((await readFile(join(worktree.path, "setup-ran.txt"), "utf8")).trim()).toBe(worktree.path);
    await open({ setup: "pwd > setup-ran.txt && echo again >> count.txt" });
    expect(await readFile(join(worktree.path, "count.txt"), "utf8")).toBe("again\n");
    expect(existsSync(join(repo.project, "setup-ran.txt"))).toBe(false);
    await expect(open({ requirement: "REQ-002", setup: "echo missing tool >&2; exit 3" })).rejects.toThrow(/worktreeSetup.*exited with 3[\s\S]*missing tool/);
  });

  it("commits the work a crash left uncommitted, new files and an unfinished merge included, when reopened", async () => {
    const worktree = await open();
    await writeFile(join(worktree.path, "src/calc.js"), "export const a = 9;\n");
    await writeFile(join(worktree.path, "untracked.txt"), "new\n");
    const again = await open();
    expect(again.recovered).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.git(["log", "-1", "--format=%s%n%an <%ae>", again.recovered!]).trim()).toBe("REQ-001: work recovered after an interrupted run\ngreenlight <greenlight@localhost>");
    expect(repo.git(["show", `${again.recovered}:untracked.txt`])).toBe("new\n");
    expect(repo.git(["status", "--porcelain"], again.path)).toBe("");

    await writeFile(join(again.path, "src/calc.js"), "export const a = 10;\n");
    await commitAll(repo.context, again, "REQ-001: green");
    await repo.write("src/calc.js", "export const a = 11;\n");
    const head = repo.commit("the user's change");
    expect(() => repo.git(["merge", "--no-edit", head], again.path)).toThrow();
    const afterMergeCrash = await open();
    expect(afterMergeCrash.recovered).toBeDefined();
    expect(repo.git(["rev-list", "--parents", "-n", "1", afterMergeCrash.recovered!]).trim().split(" ")).toHaveLength(3);
    expect(repo.git(["show", `${afterMergeCrash.recovered}:src/calc.js`])).toContain("<<<<<<<");
  });

  it("finishes a checkout a crash cut short instead of committing the files it had not written yet as deletions", async () => {
    const first = await open();
    const gitDir = repo.git(["rev-parse", "--absolute-git-dir"], first.path).trim();
    const { rm } = await import("node:fs/promises");
    // What a kill -9 during `git worktree add` leaves: registered, a folder, no index, files missing; and
    // a kill during a later commit, a lock no git holds.
    await rm(join(gitDir, "index"));
    await writeFile(join(gitDir, "index.lock"), "");
    await rm(join(first.path, "src/calc.js"));
    const again = await open();
    expect(again.recovered).toBeUndefined();
    expect(await readFile(join(again.path, "src/calc.js"), "utf8")).toBe("export const a = 1;\n");
    expect(repo.git(["rev-parse", "HEAD"], again.path).trim()).toBe(base);
    expect(repo.git(["status", "--porcelain"], again.path).trim()).toBe("");
    await writeFile(join(again.path, "new.txt"), "stage work\n");
    expect(await commitAll(repo.context, again, "REQ-001: a stage")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("diffs its committed work since a base, and finds where it departs from a head", async () => {
    const worktree = await open();
    await writeFile(join(worktree.path, "src/calc.js"), "export const a = 2;\n");
    await writeFile(join(worktree.path, "test.js"), "test\n");
    await commitAll(repo.context, worktree, "stage");
    await writeFile(join(worktree.path, "uncommitted.js"), "not yet\n");
    expect(await mergeBase(repo.context, worktree, repo.git(["rev-parse", "HEAD"]).trim())).toBe(base);
    expect(await changedSince(repo.context, worktree, base)).toEqual(["src/calc.js", "test.js"]);
    const diff = await diffSince(repo.context, worktree, base);
    expect(diff).toContain("-export const a = 1;\n+export const a = 2;");
    expect(diff).toContain("+++ b/test.js");
    expect(diff).not.toContain("uncommitted");
  });

  it("is removed only through git and only when nothing is uncommitted; the branch goes with it", async () => {
    await repo.write("node_modules/dep/index.js", "x\n");
    const worktree = await open();
    await writeFile(join(worktree.path, "work.txt"), "unsaved\n");
    expect(await worktrees.remove(worktree)).toBe(false);
    expect(await readFile(join(worktree.path, "work.txt"), "utf8")).toBe("unsaved\n");
    expect((await lstat(join(worktree.path, "node_modules"))).isSymbolicLink()).toBe(true);

    await commitAll(repo.context, worktree, "REQ-001: work");
    expect(await worktrees.remove(worktree)).toBe(true);
    expect(existsSync(worktree.path)).toBe(false);
    expect(worktreeList().match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git(["branch", "--list", "greenlight/*"])).toBe("");
    expect(await readFile(join(repo.project, "node_modules/dep/index.js"), "utf8")).toBe("x\n");
    expect(await worktrees.list()).toEqual([]);
  });

  it("lets several requirements be opened, committed and removed at once", async () => {
    const ids = Array.from({ length: 8 }, (_, n) => `REQ-00${n + 1}`);
    const opened = await Promise.all(ids.map((requirement) => open({ requirement })));
    await Promise.all(opened.map((worktree) => writeFile(join(worktree.path, `${worktree.requirement}.txt`), "work\n")));
    const commits = await Promise.all(opened.map((worktree) => commitAll(repo.context, worktree, `${worktree.requirement}: green`)));
    for (const [n, commit] of commits.entries()) expect(repo.git(["show", `${commit}:${ids[n]}.txt`])).toBe("work\n");
    // Lanes commit while others are made and removed.
    const later = Array.from({ length: 4 }, (_, n) => `REQ-10${n}`);
    const [removed, more] = await Promise.all([
      Promise.all(opened.map(async (worktree) => (await commitAll(repo.context, worktree, "review"), worktrees.remove(worktree)))),
      Promise.all(later.map(async (requirement) => commitAll(repo.context, await open({ requirement }), "qa"))),
    ]);
    expect(removed).toEqual(ids.map(() => true));
    expect(more).toHaveLength(4);
    expect((await worktrees.list()).map((worktree) => worktree.requirement).sort()).toEqual(later);
  });

  it("never runs the user's hooks, of the repository or the global config", async () => {
    for (const hooks of [join(repo.project, ".git/hooks"), join(repo.root, "global-hooks")]) {
      for (const hook of ["pre-commit", "post-commit", "post-checkout", "reference-transaction"]) {
        await repo.write(join(hooks, hook), `#!/bin/sh\necho ${hook} >> "${join(repo.root, "hook-ran")}"\nexit 1\n`, "/");
        await chmod(join(hooks, hook), 0o755);
      }
    }
    await writeFile(join(repo.root, ".gitconfig"), `[core]\n\thooksPath = ${join(repo.root, "global-hooks")}\n`);
    const worktree = await open();
    await commitAll(repo.context, worktree, "REQ-001: stage");
    expect(existsSync(join(repo.root, "hook-ran"))).toBe(false);
  });

  it("refuses an id that cannot name a branch", async () => {
    await expect(open({ requirement: "../x" })).rejects.toThrow(/cannot name a git branch/);
  });
});
