import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { promises as fsp } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStateStore } from "../../src/store/state-store.js";
import { realFileLayer, writeFileDurably } from "../../src/store/durable-file.js";
import { StateStoreError } from "../../src/store/state-errors.js";
import type { Task } from "../../src/domain/task.js";

const WRITER = resolve(import.meta.dirname, "fixtures/store-writer.mjs");
let dir: string;
let stateDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gl-store-"));
  stateDir = join(dir, "state");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const task = (n: number): Task => ({ id: `T-${n}`, requirement: `REQ-${n}`, status: "pending", attempts: { tests: 0, implement: 0, review: 0 }, history: [] });

describe("state store", () => {
  it("coalesces a burst into few writes and resolves every caller once durable", async () => {
    const store = await openStateStore(stateDir, { write: true });
    await Promise.all(Array.from({ length: 200 }, (_, n) => store.update((draft) => void draft.taskList.tasks.push(task(n)))));
    const onDisk = JSON.parse(readFileSync(join(stateDir, "task_list.json"), "utf8")) as { tasks: Task[] };
    expect(onDisk.tasks).toHaveLength(200);
    await store.close();
    const reread = await openStateStore(stateDir, { write: false });
    expect(reread.snapshot().taskList.tasks).toHaveLength(200);
  });

  it("rolls back an update that throws and keeps the others", async () => {
    const store = await openStateStore(stateDir, { write: true });
    const good = store.update((draft) => void draft.taskList.tasks.push(task(1)));
    const bad = store.update((draft) => {
      draft.taskList.tasks.push(task(2));
      throw new Error("boom");
    });
    await expect(bad).rejects.toThrow("boom");
    await good;
    expect(store.snapshot().taskList.tasks.map((t) => t.id)).toEqual(["T-1"]);
    await store.close();
  });

  it("refuses to save a change that breaks the schema and leaves the file as it was", async () => {
    const store = await openStateStore(stateDir, { write: true });
    await store.update((draft) => void draft.taskList.tasks.push(task(1)));
    await expect(store.update((draft) => void ((draft.taskList.tasks[0] as { status: string }).status = "nonsense"))).rejects.toThrow(/tasks\[0\]\.status/);
    expect(store.snapshot().taskList.tasks[0]!.status).toBe("pending");
    await store.close();
  });

  it("gives a second writer process a clear error naming the holder's pid; readers still work", async () => {
    const store = await openStateStore(stateDir, { write: true });
    const child = spawn(process.execPath, [WRITER, stateDir, "1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(1);
    expect(stderr).toContain(`pid ${process.pid}`);
    expect(stderr).toContain("read-only commands");
    const reader = await openStateStore(stateDir, { write: false });
    expect(reader.snapshot().taskList.tasks).toEqual([]);
    await expect(openStateStore(stateDir, { write: true })).rejects.toThrow(/in use by this process/);
    await store.close();
    const again = await openStateStore(stateDir, { write: true });
    await again.close();
  });

  it("lets exactly one of two processes racing for the lock write", async () => {
    const run = () =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(process.execPath, [WRITER, stateDir, "200"], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", (code) => done({ code, out }));
      });
    mkdirSync(stateDir, { recursive: true });
    const results = await Promise.all([run(), run()]);
    const winners = results.filter((result) => result.out.includes("closed"));
    expect(winners.length).toBeGreaterThanOrEqual(1);
    const tasks = (JSON.parse(readFileSync(join(stateDir, "task_list.json"), "utf8")) as { tasks: Task[] }).tasks;
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    expect(tasks.length).toBe(200 * winners.length);
  });

  it("takes over a lock left by a dead process", async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, "lock"), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import("node:os")).hostname(), startedAt: "yesterday" }));
    const store = await openStateStore(stateDir, { write: true });
    await store.close();
    expect(existsSync(join(stateDir, "lock"))).toBe(false);
  });

  it("never lets a planted symlink redirect a write", async () => {
    mkdirSync(stateDir, { recursive: true });
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious");
    symlinkSync(victim, join(stateDir, "task_list.json"));
    const store = await openStateStore(stateDir, { write: false, onNotice: () => undefined }).catch((error: Error) => error);
    expect(store).toBeInstanceOf(StateStoreError);
    rmSync(join(stateDir, "task_list.json"));
    symlinkSync(victim, join(stateDir, "task_list.json"));
    const target = join(stateDir, "plain.json");
    const realOpen = realFileLayer.open;
    const planted: string[] = [];
    await writeFileDurably(target, "{}", {
      files: {
        ...realFileLayer,
        open: async (path, flags, mode) => {
          symlinkSync(victim, path);
          planted.push(path);
          return realOpen(path, flags, mode);
        },
      },
    }).catch(() => undefined);
    expect(planted).toHaveLength(1);
    expect(readFileSync(victim, "utf8")).toBe("precious");
    await writeFileDurably(join(stateDir, "task_list.json"), '{"x":1}');
    expect(lstatSync(join(stateDir, "task_list.json")).isSymbolicLink()).toBe(false);
    expect(readFileSync(victim, "utf8")).toBe("precious");
  });

  it("moves a corrupt file aside and restores the last good backup with a notice", async () => {
    const store = await openStateStore(stateDir, { write: true });
    await store.update((draft) => void draft.taskList.tasks.push(task(1)));
    await store.update((draft) => void draft.taskList.tasks.push(task(2)));
    await store.close();
    writeFileSync(join(stateDir, "task_list.json"), '{ "schemaVersion": 1, "tasks": [ broken');
    const notices: string[] = [];
    const readOnly = await openStateStore(stateDir, { write: false, onNotice: (m) => notices.push(m) });
    expect(readOnly.snapshot().taskList.tasks).toHaveLength(1);
    expect(readdirSync(stateDir).some((name) => name.includes(".corrupt-"))).toBe(false);
    const writer = await openStateStore(stateDir, { write: true, onNotice: (m) => notices.push(m) });
    expect(writer.snapshot().taskList.tasks.map((t) => t.id)).toEqual(["T-1"]);
    expect(notices.at(-1)).toMatch(/task_list\.json is not valid \(not JSON.*moved it to task_list\.json\.corrupt-/);
    expect(readdirSync(stateDir).filter((name) => name.startsWith("task_list.json.corrupt-"))).toHaveLength(1);
    await writer.close();
  });

  it("refuses to start from empty when the file is corrupt and there is no backup", async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, "task_list.json"), '{"schemaVersion":1,"requirements":[],"tasks":[{"id":"T-1"}]}');
    await expect(openStateStore(stateDir, { write: true })).rejects.toThrow(/tasks\[0\]\.requirement.*no good backup/);
    expect(readFileSync(join(stateDir, "task_list.json"), "utf8")).toContain("T-1");
  });

  it("migrates version-0 files", async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(
      join(stateDir, "task_list.json"),
      JSON.stringify({ requirements: [{ id: "REQ-1", title: "a", description: "", source: { file: "S.md", line: 1 } }], tasks: [{ id: "T-REQ-1", requirement: "REQ-1", status: "red", attempts: 3 }] }),
    );
    writeFileSync(
      join(stateDir, "traceability_matrix.json"),
      JSON.stringify({ requirements: [{ id: "REQ-1", title: "a", status: "red", tests: ["test/a.test.js"], code: [], gates: {}, reviews: [] }] }),
    );
    const notices: string[] = [];
    const store = await openStateStore(stateDir, { write: true, onNotice: (m) => notices.push(m) });
    expect(store.snapshot().taskList.tasks[0]!.attempts).toEqual({ tests: 0, implement: 3, review: 0 });
    expect(store.snapshot().matrix.requirements[0]!.tests).toEqual({ files: ["test/a.test.js"], names: [] });
    await store.close();
    expect((JSON.parse(readFileSync(join(stateDir, "task_list.json"), "utf8")) as { schemaVersion: number }).schemaVersion).toBe(1);
    expect(notices.join("\n")).toMatch(/migrated/);
    writeFileSync(join(stateDir, "task_list.json"), JSON.stringify({ schemaVersion: 9, requirements: [], tasks: [] }));
    await expect(openStateStore(stateDir, { write: false })).rejects.toThrow(/newer greenlight/);
  });

  it("fails a write on a full disk with a clear message and keeps the previous file", async () => {
    const full = {
      ...realFileLayer,
      open: async (path: string, flags: number, mode: number) => {
        const handle = await fsp.open(path, flags, mode);
        const noSpace = async (): Promise<never> => {
          throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        };
        Object.assign(handle, { writeFile: noSpace, writev: noSpace, write: noSpace });
        return handle;
      },
    };
    const store = await openStateStore(stateDir, { write: true });
    await store.update((draft) => void draft.taskList.tasks.push(task(1)));
    await store.close();
    const before = readFileSync(join(stateDir, "task_list.json"), "utf8");
    const failing = await openStateStore(stateDir, { write: true, files: full });
    await expect(failing.update((draft) => void draft.taskList.tasks.push(task(2)))).rejects.toThrow(/disk is full.*previous version is intact/);
    expect(failing.snapshot().taskList.tasks).toHaveLength(1);
    await failing.close();
    expect(readFileSync(join(stateDir, "task_list.json"), "utf8")).toBe(before);
    expect(readdirSync(stateDir).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });
});
