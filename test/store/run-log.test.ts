import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRunLog, readRunLog } from "../../src/store/run-log.js";
import type { RunEvent } from "../../src/domain/events.js";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "gl-runlog-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const event = (seq: number): RunEvent => ({ type: "log", level: "info", message: `m${seq}`, v: 1, seq, at: "2026-01-01T00:00:00Z", runId: "r1" });

describe("run log", () => {
  it("appends events as lines and reads them back, skipping a torn last line", async () => {
    const log = openRunLog(dir, "r1");
    log.append(event(0));
    log.append(event(1));
    await log.close();
    expect(log.path).toBe(join(dir, "runs", "r1.jsonl"));
    appendFileSync(log.path, '{"type":"log","lev');
    expect(readRunLog(log.path).map((e) => e.seq)).toEqual([0, 1]);
    const again = openRunLog(dir, "r1");
    expect(readFileSync(again.path, "utf8").split("\n")).toHaveLength(3);
    await again.close();
  });

  it("reports a bad line in the middle with its number", () => {
    const log = openRunLog(dir, "r2");
    log.append(event(0));
    appendFileSync(log.path, "not json\n");
    log.append(event(2));
    expect(() => readRunLog(log.path)).toThrow(/r2\.jsonl:2: not a JSON event line/);
  });

  it("refuses a run id that could leave the runs folder", () => {
    expect(() => openRunLog(dir, "../escape")).toThrow(/run id/);
  });
});
