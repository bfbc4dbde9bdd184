import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";

/** A real project folder and a real "outside" folder next to it, both in a fresh temp dir. */
export interface TempProject {
  root: string;
  project: string;
  outside: string;
  write(relativePath: string, content: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createTempProject(): Promise<TempProject> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "greenlight-tools-")));
  const project = join(root, "project");
  const outside = join(root, "outside");
  await mkdir(project);
  await mkdir(outside);
  await writeFile(join(outside, "secret.txt"), "outside secret\n");
  return {
    root,
    project,
    outside,
    async write(relativePath, content) {
      const path = join(project, relativePath);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Alive means signalable and not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

export async function waitUntilDead(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return !isAlive(pid);
}
