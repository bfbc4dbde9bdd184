import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStateStore } from "../../src/store/state-store.js";
import type { Task } from "../../src/domain/task.js";

/** A real full disk: a tiny tmpfs. Mounting needs root, which CI and these machines have. */
const mountPoint = mkdtempSync(join(tmpdir(), "gl-full-disk-"));
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint], { stdio: "ignore" });
  mounted = true;
} catch {
  mounted = false;
}

afterAll(() => {
  if (mounted) execFileSync("umount", [mountPoint], { stdio: "ignore" });
  rmSync(mountPoint, { recursive: true, force: true });
});

const task = (n: number): Task => ({
  id: `T-${n}`,
  requirement: `REQ-${n}`,
  status: "pending",
  attempts: { tests: 0, implement: 0, review: 0 },
  history: [{ at: new Date(0).toISOString(), from: "pending", to: "pending", reason: "x".repeat(2000) }],
});

function fillDisk(path: string): void {
  const chunk = Buffer.alloc(4096, 1);
  for (let n = 0; ; n++) {
    try {
      writeFileSync(join(path, `filler-${n}`), chunk);
    } catch {
      return;
    }
  }
}

describe.skipIf(!mounted)("state store on a really full disk", () => {
  const stateDir = join(mountPoint, "state");

  it("fails the save with a clear message and leaves the previous file intact", async () => {
    const store = await openStateStore(stateDir, { write: true });
    await store.update((draft) => void draft.taskList.tasks.push(task(1)));
    const before = readFileSync(join(stateDir, "task_list.json"), "utf8");
    fillDisk(mountPoint);
    const big = Array.from({ length: 40 }, (_, n) => task(n + 2));
    await expect(store.update((draft) => void draft.taskList.tasks.push(...big))).rejects.toThrow(/disk is full.*previous version is intact/);
    expect(readFileSync(join(stateDir, "task_list.json"), "utf8")).toBe(before);
    expect(readdirSync(stateDir).filter((name) => name.includes(".tmp-"))).toEqual([]);
    for (const name of readdirSync(mountPoint).filter((entry) => entry.startsWith("filler-"))) rmSync(join(mountPoint, name));
    await store.close();
  });
});
