import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { types } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStateStore, type StateSnapshot, type StateStore } from "../../src/store/state-store.js";
import type { Task } from "../../src/domain/task.js";
import type { TraceRow } from "../../src/domain/traceability.js";

let dir: string;
let stateDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gl-track-"));
  stateDir = join(dir, "state");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const task = (n: number): Task => ({ id: `T-${n}`, requirement: `REQ-${n}`, status: "pending", attempts: { tests: 0, implement: 0, review: 0 }, history: [] });
const row = (n: number): TraceRow => ({ id: `REQ-${n}`, title: `t${n}`, status: "pending", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [] });
const linesOf = (name: string): string[] => readFileSync(join(stateDir, name), "utf8").split("\n");
const onDisk = (): StateSnapshot => ({
  taskList: JSON.parse(readFileSync(join(stateDir, "task_list.json"), "utf8")) as StateSnapshot["taskList"],
  matrix: JSON.parse(readFileSync(join(stateDir, "traceability_matrix.json"), "utf8")) as StateSnapshot["matrix"],
});

async function seeded(count: number): Promise<StateStore> {
  const store = await openStateStore(stateDir, { write: true });
  await store.update((draft) => {
    for (let n = 0; n < count; n++) {
      draft.taskList.tasks.push(task(n));
      draft.matrix.requirements.push(row(n));
    }
  });
  return store;
}

function containsProxy(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (types.isProxy(value)) return true;
  return Object.values(value).some(containsProxy);
}

/** A small deterministic generator, so a failing sequence of changes can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % below;
  };
}

describe("change tracking", () => {
  it("an update touching one task rewrites exactly that line and leaves the matrix file alone", async () => {
    const store = await seeded(40);
    const tasksBefore = linesOf("task_list.json");
    const matrixInode = statSync(join(stateDir, "traceability_matrix.json")).ino;
    await store.update((draft) => {
      const target = draft.taskList.tasks.find((candidate) => candidate.id === "T-7")!;
      target.attempts.implement++;
      target.history.push({ at: "2026-01-01T00:00:00.000Z", from: "pending", to: "red", reason: "r" });
    });
    const tasksAfter = linesOf("task_list.json");
    expect(tasksAfter).toHaveLength(tasksBefore.length);
    const differing = tasksAfter.map((line, index) => index).filter((index) => tasksAfter[index] !== tasksBefore[index]);
    expect(differing).toHaveLength(1);
    expect(JSON.parse(tasksAfter[differing[0]!]!.replace(/,$/, ""))).toMatchObject({ id: "T-7", attempts: { implement: 1 }, history: [{ reason: "r" }] });
    expect(statSync(join(stateDir, "traceability_matrix.json")).ino).toBe(matrixInode);
    await store.close();
  });

  it("spans many blocks of lines: changes at the edges of blocks and a removal keep disk equal to memory", async () => {
    const store = await seeded(1000);
    const before = linesOf("task_list.json");
    await store.update((draft) => {
      for (const index of [0, 255, 256, 511, 999]) draft.taskList.tasks[index]!.attempts.review = index + 1;
    });
    const after = linesOf("task_list.json");
    const differing = after.map((line, index) => index).filter((index) => after[index] !== before[index]);
    expect(differing.map((index) => (JSON.parse(after[index]!.replace(/,$/, "")) as Task).id)).toEqual(["T-0", "T-255", "T-256", "T-511", "T-999"]);
    await store.update((draft) => void draft.taskList.tasks.splice(300, 1));
    await store.update((draft) => void draft.taskList.tasks.pop());
    expect(onDisk()).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
    expect(onDisk().taskList.tasks).toHaveLength(998);
    await store.close();
  });

  it("a write that leaves a value as it was rewrites nothing", async () => {
    const store = await seeded(5);
    const inodes = ["task_list.json", "traceability_matrix.json"].map((name) => statSync(join(stateDir, name)).ino);
    await store.update((draft) => {
      draft.taskList.tasks[2]!.status = "pending";
      draft.matrix.requirements[3]!.title = "t3";
    });
    expect(["task_list.json", "traceability_matrix.json"].map((name) => statSync(join(stateDir, name)).ino)).toEqual(inodes);
    await store.close();
  });

  it("after reopening, the first update still persists only what it touched", async () => {
    await (await seeded(30)).close();
    const before = linesOf("task_list.json");
    const matrixInode = statSync(join(stateDir, "traceability_matrix.json")).ino;
    const store = await openStateStore(stateDir, { write: true });
    await store.update((draft) => void (draft.taskList.tasks[29]!.owner = "backend"));
    const after = linesOf("task_list.json");
    expect(after.filter((line, index) => line !== before[index])).toEqual([expect.stringContaining('"owner":"backend"')]);
    expect(statSync(join(stateDir, "traceability_matrix.json")).ino).toBe(matrixInode);
    await store.close();
  });

  it("copies a state object stored inside another item, so a later change to one never reaches the other", async () => {
    const store = await seeded(3);
    await store.update((draft) => {
      const [first, second] = draft.taskList.tasks;
      first!.history.push({ at: "a", from: "pending", to: "red", reason: "shared" });
      second!.history = first!.history;
      second!.attempts = first!.attempts;
    });
    await store.update((draft) => {
      draft.taskList.tasks[1]!.history[0]!.reason = "only the second";
      draft.taskList.tasks[1]!.attempts.review = 4;
    });
    const memory = store.snapshot();
    expect(memory.taskList.tasks[0]!.history[0]!.reason).toBe("shared");
    expect(memory.taskList.tasks[0]!.attempts.review).toBe(0);
    expect(onDisk().taskList.tasks).toEqual(JSON.parse(JSON.stringify(memory.taskList.tasks)));
    expect(containsProxy(memory)).toBe(false);
    await store.close();
  });

  it("leaves no proxy in the state, whatever is stored through the draft", async () => {
    const store = await seeded(4);
    await store.update((draft) => {
      const tasks = draft.taskList.tasks;
      tasks.push({ ...tasks[0]!, id: "T-copy" });
      draft.matrix.requirements = draft.matrix.requirements.filter((candidate) => candidate.id !== "REQ-1");
      draft.matrix.requirements[0]!.tests = { files: [...draft.matrix.requirements[1]!.code, "a.test.ts"], names: draft.matrix.requirements[2]!.tests.names };
      tasks.sort((a, b) => b.id.localeCompare(a.id));
      const kept = draft.taskList.requirements.concat([]);
      draft.taskList.requirements = kept;
      kept.push({ id: "REQ-late", title: "pushed after the assignment", description: "", source: { file: "S.md", line: 1 } });
    });
    let kept: Task | undefined;
    await store.update((draft) => void (kept = draft.taskList.tasks[0]));
    await store.update((draft) => {
      draft.taskList.tasks.push(kept!);
      draft.taskList.tasks[0]!.attempts.tests = 5;
    });
    expect(containsProxy(store.snapshot())).toBe(false);
    expect(store.snapshot().taskList.tasks.map((candidate) => candidate.attempts.tests)).toEqual([5, 0, 0, 0, 0, 0]);
    expect(store.snapshot().taskList.requirements.map((requirement) => requirement.id)).toEqual(["REQ-late"]);
    expect(onDisk().taskList.requirements.map((requirement) => requirement.id)).toEqual(["REQ-late"]);
    expect(containsProxy(store.snapshot())).toBe(false);
    expect(onDisk().taskList.tasks.map((candidate) => candidate.id)).toEqual(["T-copy", "T-3", "T-2", "T-1", "T-0", "T-copy"]);
    expect(onDisk()).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
    await store.close();
  });

  it("keeps disk and memory equal through a long random sequence of changes, undone updates included", async () => {
    const store = await seeded(12);
    const next = random(20261123);
    const changes: ((draft: StateSnapshot) => void)[] = [
      (draft) => void draft.taskList.tasks[next(draft.taskList.tasks.length)]!.attempts.tests++,
      (draft) => {
        const target = draft.taskList.tasks[next(draft.taskList.tasks.length)]!;
        target.history.push({ at: `t${next(1000)}`, from: target.status, to: "red", reason: "random" });
        target.status = "red";
      },
      (draft) => void draft.taskList.tasks.push(task(100 + next(1000))),
      (draft) => void draft.taskList.tasks.splice(next(draft.taskList.tasks.length), 1),
      (draft) => void draft.taskList.tasks.reverse(),
      (draft) => {
        const target = draft.taskList.tasks[next(draft.taskList.tasks.length)]!;
        if (target.owner === undefined) target.owner = "qa";
        else delete target.owner;
      },
      (draft) => void Object.assign(draft.matrix.requirements[next(draft.matrix.requirements.length)]!, { status: "green", code: [`src/${next(50)}.ts`] }),
      (draft) => {
        const target = draft.matrix.requirements[next(draft.matrix.requirements.length)]!;
        target.gates.green = { command: "npm test", exitCode: next(2), at: "now", durationMs: next(900), summary: "s" };
        target.reviews.push({ verdict: "approve", summary: "ok", findings: [], by: "reviewer", at: "now" });
      },
      (draft) => {
        const [a, b] = [next(draft.taskList.tasks.length), next(draft.taskList.tasks.length)];
        draft.taskList.tasks[a]!.history = draft.taskList.tasks[b]!.history;
      },
      (draft) => {
        draft.taskList.tasks[0]!.attempts.review = 99;
        throw new Error("undone");
      },
    ];
    for (let round = 0; round < 60; round++) {
      const burst = Array.from({ length: 1 + next(4) }, () => store.update(changes[next(changes.length)]!).catch((error: Error) => expect(error.message).toBe("undone")));
      await Promise.all(burst);
      await store.flush();
      expect(onDisk()).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
    }
    expect(store.snapshot().taskList.tasks.some((candidate) => candidate.attempts.review === 99)).toBe(false);
    await store.close();
    const reopened = await openStateStore(stateDir, { write: false });
    expect(reopened.snapshot()).toEqual(onDisk());
  });
});
