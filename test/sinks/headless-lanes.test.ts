import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import type { RunEventBody } from "../../src/domain/events.js";
import type { TraceRow } from "../../src/domain/traceability.js";
import { attachHeadlessReporter } from "../../src/sinks/headless-reporter.js";
import { formatSummaryTable } from "../../src/sinks/summary-table.js";

function reporter() {
  const bus = new EventBus("run-1");
  const lines: string[] = [];
  attachHeadlessReporter(bus, { write: (text: string) => lines.push(text.replace(/\n$/, "")) }, { json: false });
  return { bus, lines };
}

const runStarted = (parallel?: number): RunEventBody => ({
  type: "run_started", project: "calc", testCommand: "npm test", requirements: [], agents: [], ...(parallel === undefined ? {} : { parallel }),
});
const queue = (...entries: [string, "working" | "queued" | "merging" | "gate"][]): RunEventBody => ({ type: "merge_queue", entries: entries.map(([requirement, state]) => ({ requirement, state })) });

describe("headless lines of a parallel run", () => {
  it("starts every line that belongs to a requirement with its id, interleaved lanes included", () => {
    const { bus, lines } = reporter();
    bus.publish(runStarted(4));
    bus.publish({ type: "lane_started", requirement: "REQ-001", branch: "greenlight/REQ-001", worktree: "/tmp/wt/REQ-001", resumed: false }, "REQ-001");
    bus.publish({ type: "lane_started", requirement: "REQ-003", branch: "greenlight/REQ-003", worktree: "/tmp/wt/REQ-003", resumed: true }, "REQ-003");
    bus.publish({ type: "tool_started", agent: "backend", toolUseId: "a", tool: "Write", input: {}, title: "src/add.js" }, "REQ-001");
    bus.publish({ type: "tool_started", agent: "backend", toolUseId: "b", tool: "Write", input: {}, title: "src/mul.js" }, "REQ-003");
    bus.publish({ type: "gate_finished", requirement: "REQ-003", gate: "integration", command: "npm test", passed: true, exitCode: 0, durationMs: 1200, summary: "9 passed", outputTail: "" });
    bus.publish({ type: "log", level: "info", message: "budget 10% used" });
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d run /);
    expect(lines[1]).toMatch(/^\[REQ-001\] \d\d:\d\d:\d\d lane     started on greenlight\/REQ-001 in \/tmp\/wt\/REQ-001$/);
    expect(lines[2]).toMatch(/^\[REQ-003\] \d\d:\d\d:\d\d lane     resumed on greenlight\/REQ-003/);
    expect(lines[3]).toMatch(/^\[REQ-001\] \d\d:\d\d:\d\d backend  Write src\/add\.js$/);
    expect(lines[4]).toMatch(/^\[REQ-003\] \d\d:\d\d:\d\d backend  Write src\/mul\.js$/);
    // The body names the requirement even where the envelope does not.
    expect(lines[5]).toMatch(/^\[REQ-003\] \d\d:\d\d:\d\d gate     integration gate PASSED/);
    expect(lines[6]).toMatch(/^\d\d:\d\d:\d\d info     budget 10% used$/);
  });

  it("prints the merge queue only when its order or a state past working changes", () => {
    const { bus, lines } = reporter();
    bus.publish(runStarted(2));
    bus.publish(queue(["REQ-001", "working"], ["REQ-002", "working"]));
    bus.publish(queue(["REQ-002", "queued"], ["REQ-001", "working"]));
    bus.publish(queue(["REQ-002", "queued"], ["REQ-001", "working"]));
    bus.publish(queue(["REQ-002", "merging"], ["REQ-001", "queued"]));
    bus.publish(queue(["REQ-002", "gate"], ["REQ-001", "queued"]));
    expect(lines.slice(1).map((line) => line.replace(/^\d\d:\d\d:\d\d /, ""))).toEqual([
      "queue    empty",
      "queue    1 REQ-002 queued",
      "queue    1 REQ-002 merging, 2 REQ-001 queued",
      "queue    1 REQ-002 gate, 2 REQ-001 queued",
    ]);
  });

  it("says how each integration ended: the branch and short commit, the conflicting files, the failing tests", () => {
    const { bus, lines } = reporter();
    bus.publish(runStarted(2));
    const done = (requirement: string, outcome: "integrated" | "conflict" | "failed", more: Partial<RunEventBody & { type: "integration_finished" }>): RunEventBody =>
      ({ type: "integration_finished", requirement, outcome, files: [], tests: [], summary: "", ...more }) as RunEventBody;
    bus.publish(done("REQ-001", "integrated", { commit: "0123456789abcdef", into: "main", summary: "9 passed" }), "REQ-001");
    bus.publish(done("REQ-002", "conflict", { files: ["src/calc.js", "README.md"], summary: "both edit divide()" }), "REQ-002");
    bus.publish(done("REQ-003", "failed", { tests: ["divides by zero", "adds"], summary: "2 failed" }), "REQ-003");
    bus.publish({ type: "lane_finished", requirement: "REQ-002", outcome: "blocked", worktreeRemoved: false }, "REQ-002");
    expect(lines.slice(1).map((line) => line.replace(/ \d\d:\d\d:\d\d /, " "))).toEqual([
      "[REQ-001] merge    integrated into main at 0123456",
      "[REQ-002] merge    conflict in src/calc.js, README.md: both edit divide()",
      "[REQ-003] merge    failed: divides by zero, adds",
      "[REQ-002] lane     blocked, worktree kept with its work",
    ]);
  });

  it("prefixes nothing in a sequential run", () => {
    for (const parallel of [undefined, 1]) {
      const { bus, lines } = reporter();
      bus.publish(runStarted(parallel));
      bus.publish({ type: "tool_started", agent: "qa", toolUseId: "t", tool: "Write", input: {}, title: "test/a.test.js" }, "REQ-001");
      expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d qa       Write test\/a\.test\.js$/);
    }
  });
});

describe("summary table of a parallel run", () => {
  const row = (id: string, integration?: TraceRow["integration"]): TraceRow => ({
    id, title: id, status: "approved", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [], ...(integration ? { integration } : {}),
  });

  it("adds the integration result when some row was integrated in a lane, and only then", () => {
    const table = formatSummaryTable([
      row("REQ-001", { branch: "greenlight/REQ-001", state: "integrated", attempts: 1, commit: "abc1234ffff", into: "main" }),
      row("REQ-002", { branch: "greenlight/REQ-002", state: "blocked", attempts: 3 }),
      row("REQ-003", { branch: "greenlight/REQ-003", state: "sent_back", attempts: 1 }),
      row("REQ-004"),
    ]).split("\n");
    expect(table[0]).toMatch(/ tamper  integration$/);
    expect(table[2]).toMatch(/^REQ-001 .* integrated abc1234$/);
    expect(table[3]).toMatch(/^REQ-002 .* blocked$/);
    expect(table[4]).toMatch(/^REQ-003 .* sent back$/);
    expect(table[5]).toMatch(/^REQ-004 .* 0 +-$/);
    expect(formatSummaryTable([row("REQ-001")]).split("\n")[0]).toMatch(/ tamper$/);
  });
});
