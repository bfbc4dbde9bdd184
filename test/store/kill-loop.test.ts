import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const WRITER = resolve(import.meta.dirname, "fixtures/store-writer.mjs");
const dir = mkdtempSync(join(tmpdir(), "gl-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has reported `after` more durable writes, then SIGKILLs it; returns every id it reported. */
function runAndKill(stateDir: string, after: number): Promise<number[]> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [WRITER, stateDir], { stdio: ["ignore", "pipe", "pipe"] });
    const done: number[] = [];
    let buffer = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith("done ")) done.push(Number(line.slice(5)));
      if (done.length >= after) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolveRun(done);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}

describe("kill loop", () => {
  it("keeps every reported write and a parseable file across 50 SIGKILLs", async () => {
    const stateDir = join(dir, "state");
    const reported = new Set<number>();
    for (let round = 0; round < 50; round++) {
      const done = await runAndKill(stateDir, 1 + Math.floor(Math.random() * 40));
      for (const n of done) reported.add(n);
      for (const name of ["task_list.json", "traceability_matrix.json"]) {
        const parsed = JSON.parse(readFileSync(join(stateDir, name), "utf8")) as { schemaVersion: number };
        expect(parsed.schemaVersion).toBe(1);
      }
      const tasks = (JSON.parse(readFileSync(join(stateDir, "task_list.json"), "utf8")) as { tasks: { id: string }[] }).tasks;
      const ids = new Set(tasks.map((task) => task.id));
      const rows = (JSON.parse(readFileSync(join(stateDir, "traceability_matrix.json"), "utf8")) as { requirements: { id: string }[] }).requirements;
      const rowIds = new Set(rows.map((row) => row.id));
      for (const n of reported) {
        expect(ids.has(`T-${n}`)).toBe(true);
        expect(rowIds.has(`REQ-${n}`)).toBe(true);
      }
    }
    expect(reported.size).toBeGreaterThan(50);
    expect(readdirSync(stateDir).filter((name) => name.includes(".corrupt-"))).toEqual([]);
  }, 240_000);
});
