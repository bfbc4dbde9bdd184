import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";

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

/**
 * A `sleep` whose argument no other process has, so tests can find it from outside: a command in a
 * PID namespace reports PIDs that mean nothing out here.
 */
export function markedSleep(): string {
  return `sleep 300.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** PIDs of live (not zombie) processes whose command line starts with `marker` (not the shells that name it), from /proc. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      const zombie = /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (!zombie && commandLine.startsWith(marker)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return condition();
}

export const waitUntilNoneWith = (marker: string, timeoutMs?: number): Promise<boolean> => waitFor(() => processesWith(marker).length === 0, timeoutMs);
