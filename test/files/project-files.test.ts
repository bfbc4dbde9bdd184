import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isIgnoredPath, projectFiles } from "../../src/files/project-files.js";
import { takeSnapshot } from "../../src/project/project-snapshot.js";

let root: string;

async function files(tree: Record<string, string>, base = root): Promise<void> {
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(dirname(join(base, path)), { recursive: true });
    await writeFile(join(base, path), text);
  }
}

async function listed(projectDir: string, folder = projectDir): Promise<string[]> {
  const found: string[] = [];
  for await (const path of projectFiles(projectDir, folder)) found.push(path);
  return found.sort();
}

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });

/** A tree that exercises nesting, negation, anchoring and folder-only patterns. */
const TRICKY: Record<string, string> = {
  ".gitignore": ".venv/\n*.log\n/build\ncache/\n!important.log\n",
  "app.py": "print(1)\n",
  "error.log": "x\n",
  "important.log": "kept\n",
  ".venv/lib/site.py": "venv\n",
  "build/out.js": "built\n",
  "src/build/kept.js": "not the anchored build\n",
  "src/cache": "a file named like an ignored folder\n",
  "src/deep/cache/x.txt": "ignored folder\n",
  "src/.gitignore": "secret.txt\n!debug.log\n",
  "src/secret.txt": "s\n",
  "src/debug.log": "re-included below the root\n",
  "src/deep/secret.txt": "nested rule reaches down\n",
  "docs/readme.md": "d\n",
};

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "greenlight-files-")));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("the project file walk", () => {
  it("lists what git lists as not ignored, in a repository (git ls-files -co --exclude-standard)", async () => {
    await files(TRICKY);
    git(root, "init", "-q");
    await files({ ".git/info/exclude": "docs/\n" });
    const byGit = git(root, "ls-files", "-co", "--exclude-standard").trim().split("\n").sort();
    expect(await listed(root)).toEqual(byGit);
    expect(byGit).toEqual([".gitignore", "app.py", "important.log", "src/.gitignore", "src/build/kept.js", "src/cache", "src/debug.log"]);
  });

  it("honours the same .gitignore files outside any repository", async () => {
    await files(TRICKY);
    expect(await listed(root)).toEqual([".gitignore", "app.py", "docs/readme.md", "important.log", "src/.gitignore", "src/build/kept.js", "src/cache", "src/debug.log"]);
  });

  it("honours a nested .gitignore where the project has none at its top", async () => {
    await files({ "app.py": "a\n", "src/.gitignore": "*.tmp\n", "src/keep.py": "k\n", "src/scratch.tmp": "t\n" });
    expect(await listed(root)).toEqual(["app.py", "src/.gitignore", "src/keep.py"]);
  });

  it("applies the ignore files above a subfolder it starts in, and above a project inside a larger repository", async () => {
    await files(TRICKY);
    git(root, "init", "-q");
    expect(await listed(root, join(root, "src"))).toEqual([".gitignore", "build/kept.js", "cache", "debug.log"]);
    expect(await listed(join(root, "src"))).toEqual([".gitignore", "build/kept.js", "cache", "debug.log"]);
  });

  it("walks a folder named explicitly whole, even when git ignores it or it ignores itself", async () => {
    await files({ ...TRICKY, ".venv/.gitignore": "*\n" });
    expect(await listed(root, join(root, ".venv"))).toEqual([".gitignore", "lib/site.py"]);
    expect(await listed(root, join(root, "src/deep/cache"))).toEqual(["x.txt"]);
  });

  it("reads a worktree's info/exclude from the repository it belongs to", async () => {
    const main = join(root, "main");
    await files({ "kept.txt": "k\n" }, main);
    git(main, "init", "-q", "-b", "main");
    git(main, "add", ".");
    git(main, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start");
    await files({ ".git/info/exclude": "scratch/\n" }, main);
    git(main, "worktree", "add", "-q", join(root, "wt"), "-b", "other");
    await files({ "scratch/notes.txt": "local\n" }, join(root, "wt"));
    expect(await listed(join(root, "wt"))).toEqual(["kept.txt"]);
  });

  it("says whether a path is ignored, by its own rule or a folder above it", async () => {
    await files(TRICKY);
    expect(await isIgnoredPath(root, ".venv/lib", true)).toBe(true);
    expect(await isIgnoredPath(root, "src/secret.txt", false)).toBe(true);
    expect(await isIgnoredPath(root, "src/debug.log", false)).toBe(false);
    expect(await isIgnoredPath(root, ".greenlight/state", true)).toBe(false);
  });

  it("leaves ignored files out of a project snapshot", async () => {
    await files(TRICKY);
    expect(Object.keys((await takeSnapshot(root)).files).sort()).toEqual([".gitignore", "app.py", "docs/readme.md", "important.log", "src/.gitignore", "src/build/kept.js", "src/cache", "src/debug.log"]);
  });
});
