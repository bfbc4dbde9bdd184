import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import type { RepoContext } from "../../src/project/repo-git.js";
import { runnerForTest } from "./process-runners.js";

/** A real git repository in a temp folder with one commit, a folder for its worktrees beside it, and no git identity configured. */
export interface TestRepository {
  root: string;
  project: string;
  home: string;
  context: RepoContext;
  /** Runs git in `dir` (the project by default) as a person with an identity would. */
  git(args: string[], dir?: string): string;
  write(path: string, text: string, dir?: string): Promise<void>;
  commit(message: string, dir?: string): string;
  remove(): Promise<void>;
}

const runner = runnerForTest();

export async function testRepository(files: Record<string, string> = { "README.md": "hello\n" }): Promise<TestRepository> {
  const root = await mkdtemp(join(tmpdir(), "greenlight-repo-"));
  const project = join(root, "project");
  await mkdir(project);
  // HOME points at the temp folder: no global config, hooks or identity of the machine's user.
  const env = { PATH: process.env.PATH ?? "", HOME: root };
  const git = (args: string[], dir = project) =>
    execFileSync("git", ["-c", "user.name=person", "-c", "user.email=person@example.com", "-c", "init.defaultBranch=main", ...args], { cwd: dir, encoding: "utf8", env });
  const write = async (path: string, text: string, dir = project) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  const commit = (message: string, dir = project) => {
    git(["add", "-A"], dir);
    git(["commit", "-q", "--allow-empty", "-m", message], dir);
    return git(["rev-parse", "HEAD"], dir).trim();
  };
  git(["init", "-q"]);
  for (const [path, text] of Object.entries(files)) await write(path, text);
  commit("start");
  return { root, project, home: join(root, "worktrees"), context: { runner, projectDir: project, env }, git, write, commit, remove: () => rm(root, { recursive: true, force: true }) };
}
