import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createParallelProject } from "./parallel-project.mjs";

const REPO = resolve(import.meta.dirname, "../..");
export const MAIN = join(REPO, "dist/main.js");

/** Runs the built CLI; fails the test with its stderr when it exits with another code than expected. */
export function greenlight(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; expect?: number } = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", cwd: options.cwd ?? REPO, env: options.env ?? { ...process.env, CI: "true" }, timeout: 240_000 });
  const expected = options.expect ?? 0;
  if (result.status !== expected) throw new Error(`greenlight ${args.join(" ")} exited ${result.status} (expected ${expected})\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The offline demo, run headless in a temporary folder of its own: the folder (remove it) and the demo project in it. */
export function runDemo(): { root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), "greenlight-report-demo-"));
  greenlight(["demo", "--headless"], { cwd: root, env: { ...process.env, CI: "true", TMPDIR: root } });
  const [copy] = readdirSync(root).filter((name) => name.startsWith("greenlight-demo-"));
  if (!copy) throw new Error(`the demo left no project in ${root}`);
  return { root, project: join(root, copy) };
}

/** A parallel run of two independent requirements, integrated: the folder (remove it) and the project. */
export async function runParallel(): Promise<{ root: string; project: string }> {
  const scenario = await createParallelProject([
    { id: "REQ-001", kind: "own" },
    { id: "REQ-002", kind: "own" },
  ]);
  greenlight(["plan", join(scenario.project, "SPEC.md"), "--project", scenario.project]);
  greenlight(["run", "--project", scenario.project, "--cassette", scenario.cassette, "--parallel", "2", "--headless"], { env: { ...process.env, CI: "true", GREENLIGHT_WORKTREES: scenario.worktrees } });
  return { root: dirname(scenario.project), project: scenario.project };
}
