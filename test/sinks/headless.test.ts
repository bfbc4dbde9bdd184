import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import { runEventSchema } from "../../src/domain/events.js";
import { attachHeadlessReporter } from "../../src/sinks/headless-reporter.js";
import { formatHeadlessLine } from "../../src/sinks/headless-line.js";
import { formatSummaryTable } from "../../src/sinks/summary-table.js";

function collect(json: boolean) {
  const bus = new EventBus("run-1");
  const chunks: string[] = [];
  const detach = attachHeadlessReporter(bus, { write: (text: string) => chunks.push(text) }, { json });
  return { bus, chunks, detach };
}

describe("headless reporter", () => {
  it("prints one line per tool call and gate, and nothing for streaming deltas", () => {
    const { bus, chunks } = collect(false);
    bus.publish({ type: "tool_started", agent: "qa", toolUseId: "t1", tool: "Write", input: {}, title: "test/add.test.js" }, "REQ-001");
    bus.publish({ type: "text_delta", agent: "qa", text: "thinking" });
    bus.publish({ type: "gate_finished", requirement: "REQ-001", gate: "red", command: "npm test", passed: true, exitCode: 1, durationMs: 1500, summary: "1 new test fails", outputTail: "" });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatch(/^\d\d:\d\d:\d\d qa       Write test\/add\.test\.js\n$/);
    expect(chunks[1]).toMatch(/gate     REQ-001 red gate PASSED \(exit 1, 1\.5 s\): 1 new test fails/);
  });

  it("writes every event as a JSON line that validates against the run-log schema with --json", () => {
    const { bus, chunks, detach } = collect(true);
    bus.publish({ type: "text_delta", agent: "qa", text: "hi" });
    bus.publish({ type: "run_finished", outcome: "approved", approved: 3, total: 3, blocked: [], durationMs: 10 });
    detach();
    bus.publish({ type: "run_paused" });
    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) expect(runEventSchema.safeParse(JSON.parse(chunk)).success).toBe(true);
  });

  it("says where a gate's per-test results came from, and says so in words when it was the exit code alone", () => {
    const base = { type: "gate_finished", requirement: "REQ-001", gate: "green", command: "npm test", passed: true, exitCode: 0, durationMs: 1000, outputTail: "", v: 1, seq: 1, at: new Date().toISOString(), runId: "r" } as const;
    expect(formatHeadlessLine({ ...base, summary: "3 passed, 0 failed", evidence: "report" })).toMatch(/green gate PASSED \(exit 0, 1\.0 s, tests named by the runner's report\): 3 passed/);
    expect(formatHeadlessLine({ ...base, summary: "exit 0", evidence: "exit-code" })).toMatch(/\(exit 0, 1\.0 s, exit code only: no test named\)/);
  });

  it("names blocked requirements in the final line", () => {
    const line = formatHeadlessLine({ type: "run_finished", outcome: "incomplete", approved: 2, total: 3, blocked: ["REQ-003"], durationMs: 61000, v: 1, seq: 9, at: new Date().toISOString(), runId: "r" });
    expect(line).toMatch(/run      incomplete: 2\/3 approved in 61\.0 s, blocked: REQ-003$/);
  });
});

describe("summary table", () => {
  it("lines up one row per requirement with gates, review, status and tamper attempts; a refused or exit-code-only gate says so", () => {
    const gate = (exitCode: number, more: Record<string, unknown> = {}) => ({ command: "npm test", exitCode, at: "", durationMs: 1, summary: "", ...more });
    const table = formatSummaryTable([
      { id: "REQ-001", title: "Add", status: "approved", tests: { files: ["test/a.test.js"], names: ["adds", "adds negatives"] }, code: ["src/a.js"], gates: { red: gate(1), green: gate(0) }, reviews: [{ verdict: "request_changes", summary: "", findings: [], by: "reviewer", at: "" }, { verdict: "approve", summary: "", findings: [], by: "reviewer", at: "" }], tamperAttempts: 2 },
      { id: "REQ-002", title: "Divide", status: "blocked", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [] },
      { id: "REQ-003", title: "Mean", status: "implementing", tests: { files: ["t.py"], names: [] }, code: [], gates: { red: gate(2, { evidence: "exit-code" }), green: gate(0, { passed: false }) }, reviews: [], tamperAttempts: 1 },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^req\s+title\s+tests\s+code\s+red\s+green\s+review\s+status\s+tamper$/);
    expect(lines[2]).toMatch(/^REQ-001\s+Add\s+2\s+1\s+fail\(1\)\s+pass\s+approved \(2\)\s+approved\s+2$/);
    expect(lines[3]).toMatch(/^REQ-002\s+Divide\s+0\s+0\s+-\s+-\s+-\s+blocked\s+0$/);
    expect(lines[4]).toMatch(/^REQ-003\s+Mean\s+1\s+0\s+fail\(2\), exit code only\s+refused\s+-\s+implementing\s+1$/);
    expect(lines.at(-1)).toBe("1/3 approved");
  });
});
