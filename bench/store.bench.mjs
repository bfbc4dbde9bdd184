// State store figures with 10,000 requirements and tasks: update-to-durable latency, sustained
// coalesced updates, and the plan / matrix commands run as a user would run them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openStateStore } from "../dist/store/state-store.js";
import { applyRequirements } from "../dist/store/apply-requirements.js";
import { writeFileDurably } from "../dist/store/durable-file.js";
import { taskListFileSchema, traceabilityMatrixFileSchema } from "../dist/domain/state-files.js";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "../dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "gl-bench-store-"));

function requirements(count, file) {
  return Array.from({ length: count }, (_, n) => ({
    id: `REQ-${String(n + 1).padStart(5, "0")}`,
    title: `Requirement number ${n + 1}`,
    description: `The system shall do thing ${n + 1} within limits.`,
    source: { file, line: n * 3 + 1 },
  }));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

try {
  const stateDir = join(dir, "state");
  const store = await openStateStore(stateDir, { write: true });
  await store.update((draft) => void applyRequirements(draft, requirements(10_000, "SPEC.md"), new Date().toISOString()));

  const latencies = [];
  for (let n = 0; n < 200; n++) {
    const started = performance.now();
    await store.update((draft) => {
      const task = draft.taskList.tasks[n];
      task.attempts.implement++;
      task.history.push({ at: new Date().toISOString(), from: task.status, to: task.status, reason: "bench" });
    });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  console.log(`store: update -> durable write, 10000 tasks: p50 ${percentile(latencies, 50).toFixed(1)} ms (target <= 50 ms)`);
  console.log(`store: update -> durable write, 10000 tasks: p99 ${percentile(latencies, 99).toFixed(1)} ms`);

  // What the change-tracking draft and the block cache buy: the same updates done the plain way (clone,
  // mutate, validate every item, serialize both files whole, durable write), in the same run.
  const plain = { taskList: structuredClone(store.snapshot().taskList), matrix: structuredClone(store.snapshot().matrix) };
  const plainLatencies = [];
  for (let n = 0; n < 50; n++) {
    const started = performance.now();
    const next = structuredClone(plain);
    const task = next.taskList.tasks[n];
    task.attempts.implement++;
    task.history.push({ at: new Date().toISOString(), from: task.status, to: task.status, reason: "bench" });
    plain.taskList = taskListFileSchema.parse(next.taskList);
    plain.matrix = traceabilityMatrixFileSchema.parse(next.matrix);
    await writeFileDurably(join(dir, "plain-task_list.json"), JSON.stringify(plain.taskList, null, 2));
    await writeFileDurably(join(dir, "plain-matrix.json"), JSON.stringify(plain.matrix, null, 2));
    plainLatencies.push(performance.now() - started);
  }
  plainLatencies.sort((a, b) => a - b);
  const plainP50 = percentile(plainLatencies, 50);
  console.log(`store: the same update without the draft and block cache (clone, validate, serialize all), 10000 tasks: p50 ${plainP50.toFixed(1)} ms = ${(plainP50 / percentile(latencies, 50)).toFixed(1)}x the store's`);

  const total = 5000;
  const pending = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    pending.push(store.update((draft) => void draft.taskList.tasks[n % 10_000].attempts.tests++));
    if (n % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  console.log(`store: sustained coalesced updates, 10000 tasks: ${Math.round(total / seconds)} updates/s (target >= 500/s)`);
  await store.close();

  let opened = performance.now();
  const reopened = await openStateStore(stateDir, { write: true });
  const openMs = performance.now() - opened;
  opened = performance.now();
  await reopened.update((draft) => void draft.taskList.tasks[42].attempts.review++);
  console.log(`store: reopen for writing, 10000 tasks: ${openMs.toFixed(0)} ms; first update after it: ${(performance.now() - opened).toFixed(1)} ms`);
  await reopened.close();

  const project = join(dir, "project");
  const spec = requirements(3000, "SPEC.md").map((r) => `## ${r.id}: ${r.title}\n${r.description}\n`).join("\n");
  rmSync(project, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", project]);
  writeFileSync(join(project, "SPEC.md"), spec);
  let t = performance.now();
  const plan = spawnSync(process.execPath, [MAIN, "plan", "SPEC.md", "--project", project], { cwd: project, encoding: "utf8" });
  if (plan.status !== 0) throw new Error(plan.stderr);
  console.log(`store: greenlight plan, 3000-requirement spec: ${((performance.now() - t) / 1000).toFixed(2)} s (target <= 2 s)`);

  t = performance.now();
  const matrix = spawnSync(process.execPath, [MAIN, "matrix", "--format", "md", "--state", stateDir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (matrix.status !== 0) throw new Error(matrix.stderr);
  console.log(`store: greenlight matrix --format md, 10000 rows: ${((performance.now() - t) / 1000).toFixed(2)} s (target <= 1 s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
