// Making a requirement's worktree for a 5,000-file repository with a 2,000-file node_modules (linked, not
// copied): requirementWorktrees(...).open from scratch each time (then removed through git), against copying the project
// folder with `cp -r`, as copy-based isolation would, and against writing the tracked files alone (cp -r
// of src/), in the same run: the last says what part of the time is the file system's, not greenlight's.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProcessRunner } from "../dist/process/index.js";
import { requirementWorktrees } from "../dist/project/requirement-worktree.js";

const FILES = 5_000;
const DEPENDENCY_FILES = 2_000;
const RUNS = Number(process.env.WORKTREE_BENCH_RUNS ?? 15);
const TARGET_MS = 300;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function writeTree(root, count, folder) {
  for (let n = 0; n < count; n++) {
    const dir = join(root, folder(n));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `file-${n}.js`), `export const value${n} = ${n};\n// a small source file of the bench project\n`);
  }
}

const root = await mkdtemp(join(tmpdir(), "greenlight-bench-worktree-"));
try {
  const project = join(root, "project");
  const env = { PATH: process.env.PATH ?? "", HOME: root };
  const git = (...args) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd: project, env, stdio: "pipe" });
  await mkdir(project);
  await writeTree(project, FILES - 1, (n) => `src/area-${n % 20}/part-${Math.floor(n / 20) % 10}`);
  await writeFile(join(project, ".gitignore"), "node_modules/\n");
  await writeTree(join(project, "node_modules"), DEPENDENCY_FILES, (n) => `dep-${n % 50}/lib`);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench project");
  // Packed, as a repository that has lived a while is (and as `git gc --auto` leaves it).
  git("gc", "-q");
  const base = git("rev-parse", "HEAD").toString().trim();
  const tracked = git("ls-files").toString().trim().split("\n").length;

  const worktrees = requirementWorktrees({ runner: createProcessRunner(), projectDir: project, env });
  const home = join(root, "worktrees");
  const opened = [];
  const copied = [];
  const floor = [];
  const made = [];
  // Nothing is deleted until every run is measured: on the machine this was written on (ext4 mounted with
  // `discard`, a virtual disk) deleting thousands of files made the next writes 10-20x slower, which would
  // be timed as the next run's making of files instead of as the cleanup it is.
  for (let n = 0; n < RUNS; n++) {
    const started = performance.now();
    const worktree = await worktrees.open({ requirement: `REQ-${n}`, base, home });
    opened.push(performance.now() - started);
    if (worktree.links.join() !== "node_modules") throw new Error(`node_modules was not linked: ${worktree.links.join()}`);
    made.push(worktree);

    const copyStarted = performance.now();
    execFileSync("cp", ["-r", project, join(root, `copy-${n}`)]);
    copied.push(performance.now() - copyStarted);

    // Writing the tracked files alone: what any checkout costs on this machine's file system.
    const filesStarted = performance.now();
    execFileSync("cp", ["-r", join(project, "src"), join(root, `files-${n}`)]);
    floor.push(performance.now() - filesStarted);
  }
  for (const worktree of made) if (!(await worktrees.remove(worktree))) throw new Error(`the bench worktree ${worktree.path} was not removed`);
  const p50 = percentile(opened, 50);
  const copyP50 = percentile(copied, 50);
  console.log(`worktree: openWorktree, ${tracked} tracked files + ${DEPENDENCY_FILES} in node_modules (linked), ${RUNS} runs: p50 ${p50.toFixed(0)} ms, p95 ${percentile(opened, 95).toFixed(0)} ms (target <= ${TARGET_MS} ms)`);
  console.log(`worktree: cp -r of the project folder (.git and node_modules included): p50 ${copyP50.toFixed(0)} ms, p95 ${percentile(copied, 95).toFixed(0)} ms; the worktree takes ${(p50 / copyP50).toFixed(2)}x the copy's time`);
  console.log(`worktree: cp -r of the tracked files alone (this machine's cost of writing them): p50 ${percentile(floor, 50).toFixed(0)} ms; the worktree takes ${(p50 / percentile(floor, 50)).toFixed(2)}x that`);
  process.exitCode = p50 <= TARGET_MS ? 0 : 1;
} finally {
  await rm(root, { recursive: true, force: true });
}
