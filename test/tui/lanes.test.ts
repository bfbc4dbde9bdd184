import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "../../src/domain/events.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { handleKey } from "../../src/tui/model/handle-key.js";
import { focusedLane, laneRows, shownPanes, showsLanes } from "../../src/tui/model/lanes.js";
import { createUiState } from "../../src/tui/model/ui-state.js";
import { createWorkspaceState, type AgentPane, type WorkspaceState } from "../../src/tui/model/workspace-state.js";
import { gridLayout, MIN_PANE_ROWS, STATUS_ROWS } from "../../src/tui/render/layout.js";
import { renderLanes } from "../../src/tui/render/lanes.js";
import { renderMatrix } from "../../src/tui/render/tables.js";
import { createStyler } from "../../src/tui/render/style.js";
import { widthOf } from "../../src/tui/render/text-fit.js";
import { lanesRun } from "../fixtures/tui/lanes-run.mjs";

const START = Date.parse("2026-01-01T00:00:00.000Z");
let seq = 0;
/** Each event one second after the one before, so lanes have distinct start times. */
function ev(body: RunEventBody, requirement?: string): RunEvent {
  seq++;
  return { ...body, v: 1, seq, at: new Date(START + seq * 1000).toISOString(), runId: "r", ...(requirement ? { requirement } : {}) } as RunEvent;
}
const texts = (pane: AgentPane | undefined): string[] => (pane ? Array.from({ length: pane.lines.length }, (_, i) => pane.lines.at(i)!.text) : []);
const key = (ch: string) => ({ ch });

function replayed(): { ws: WorkspaceState; startedAt: Map<string, number> } {
  seq = 0;
  const ws = createWorkspaceState("calc");
  const startedAt = new Map<string, number>();
  for (const { body, requirement } of lanesRun()) {
    const event = ev(body, requirement);
    if (event.type === "lane_started") startedAt.set(event.requirement, Date.parse(event.at));
    applyEvent(ws, event);
  }
  return { ws, startedAt };
}

describe("lanes of a parallel run", () => {
  it("shows each of four interleaved lanes as a row: stage, agent, attempt, elapsed, its own cost and tokens", () => {
    const { ws, startedAt } = replayed();
    const ui = createUiState();
    const now = START + 60_000;
    expect(showsLanes(ws)).toBe(true);
    const rows = laneRows(ws, ui, now, 10);
    expect(rows.map((row) => [row.requirement, row.title, row.stage, row.agent, row.attempt])).toEqual([
      ["REQ-001", "Add two numbers", "implementing", "backend", 1],
      ["REQ-002", "Subtract safely", "integration gate", "-", 1],
      ["REQ-003", "Multiply", "implementing", "backend", 2],
      ["REQ-004", "Divide by zero throws", "in_review", "reviewer", 1],
    ]);
    expect(rows.map((row) => row.elapsedMs)).toEqual(["REQ-001", "REQ-002", "REQ-003", "REQ-004"].map((id) => now - startedAt.get(id)!));
    // qa costs 0.01 x lane number; REQ-001 and REQ-003 add a backend turn, REQ-004 a reviewer's.
    expect(rows.map((row) => Number(row.costUsd.toFixed(3)))).toEqual([0.03, 0.02, 0.06, 0.055]);
    expect(rows.map((row) => row.tokens)).toEqual([1100 + 2100, 2100, 3100 + 3100, 4100 + 600]);
    expect(ws.costUsd).toBeCloseTo(0.165, 6);
    expect(rows.map((row) => row.focused)).toEqual([true, false, false, false]);
  });

  it("keeps each lane's lines apart though the two backends share a name, and the run's own panes get none", () => {
    const { ws } = replayed();
    const backend = (id: string) => ws.lanes.find((lane) => lane.requirement === id)!.panes.find((pane) => pane.name === "backend");
    expect(texts(backend("REQ-001"))).toEqual(["> Make REQ-001 pass", ...[1, 2, 3, 4, 5].map((n) => `backend REQ-001 line ${n}`), ""]);
    expect(texts(backend("REQ-003"))).toEqual(["> Make REQ-003 pass", ...[1, 2, 3, 4, 5].map((n) => `backend REQ-003 line ${n}`), ""]);
    expect(texts(backend("REQ-002"))).toEqual([]);
    for (const pane of ws.panes) expect(texts(pane)).toEqual([]);
    const qa = ws.lanes.map((lane) => texts(lane.panes[0]).filter((line) => line.startsWith("qa ")));
    expect(qa).toEqual(["REQ-001", "REQ-002", "REQ-003", "REQ-004"].map((id) => [1, 2, 3].map((step) => `qa ${id} step ${step}`)));
  });

  it("switches the panes to another lane with ] and [, keeping the focused agent and each lane's history", () => {
    const { ws } = replayed();
    const ui = createUiState();
    expect(shownPanes(ws, ui).map((pane) => pane.key)).toEqual(["REQ-001/qa", "REQ-001/backend", "REQ-001/reviewer"]);
    handleKey(ws, ui, key("2"));
    expect(texts(shownPanes(ws, ui)[ui.focus]).at(-2)).toBe("backend REQ-001 line 5");
    handleKey(ws, ui, key("]"));
    handleKey(ws, ui, key("]"));
    expect(focusedLane(ws, ui)?.requirement).toBe("REQ-003");
    expect(texts(shownPanes(ws, ui)[ui.focus]).at(-2)).toBe("backend REQ-003 line 5");
    // A line arriving for another lane leaves the shown one alone.
    applyEvent(ws, ev({ type: "text_delta", agent: "backend", text: "backend REQ-001 line 6\n" }, "REQ-001"));
    expect(texts(shownPanes(ws, ui)[ui.focus])).not.toContain("backend REQ-001 line 6");
    handleKey(ws, ui, key("["));
    handleKey(ws, ui, key("["));
    handleKey(ws, ui, key("["));
    expect(focusedLane(ws, ui)?.requirement).toBe("REQ-004");
    expect(texts(shownPanes(ws, ui)[2])).toContain("reviewer REQ-004 reads the diff");
    handleKey(ws, ui, key("]"));
    expect(texts(shownPanes(ws, ui)[ui.focus])).toContain("backend REQ-001 line 6");
    expect(laneRows(ws, ui, START, 10).filter((row) => row.focused).map((row) => row.requirement)).toEqual(["REQ-001"]);
  });

  it("sends a message to the focused lane's agent, not to the same agent in another lane", () => {
    const { ws } = replayed();
    const ui = createUiState();
    handleKey(ws, ui, key("]"));
    handleKey(ws, ui, key("]"));
    handleKey(ws, ui, key("2"));
    handleKey(ws, ui, key("m"), () => undefined);
    handleKey(ws, ui, key("h"));
    handleKey(ws, ui, key("i"));
    expect(handleKey(ws, ui, { name: "enter" })).toEqual([{ kind: "message", agent: "backend", text: "hi", lane: "REQ-003" }]);
  });

  it("lists a finished lane only while it is focused, says how it ended, and follows the queue", () => {
    const { ws } = replayed();
    const ui = createUiState();
    applyEvent(ws, ev({ type: "integration_finished", requirement: "REQ-002", outcome: "integrated", commit: "abc1234def", into: "main", files: [], tests: [], summary: "3 passed" }, "REQ-002"));
    expect(ws.notice?.text).toBe("REQ-002 integrated into main at abc1234");
    applyEvent(ws, ev({ type: "lane_finished", requirement: "REQ-002", outcome: "integrated", worktreeRemoved: true }, "REQ-002"));
    applyEvent(ws, ev({ type: "merge_queue", entries: [{ requirement: "REQ-004", state: "queued" }, { requirement: "REQ-001", state: "working" }] }));
    expect(laneRows(ws, ui, START, 10).map((row) => `${row.requirement} ${row.stage}`)).toEqual(["REQ-001 implementing", "REQ-003 implementing", "REQ-004 queued 1"]);
    handleKey(ws, ui, key("]"));
    expect(focusedLane(ws, ui)?.requirement).toBe("REQ-002");
    expect(laneRows(ws, ui, START, 10).map((row) => `${row.requirement} ${row.stage}`)).toEqual(["REQ-001 implementing", "REQ-002 integrated", "REQ-003 implementing", "REQ-004 queued 1"]);
    applyEvent(ws, ev({ type: "integration_finished", requirement: "REQ-004", outcome: "conflict", files: ["src/calc.js"], tests: [], summary: "both edit divide()" }, "REQ-004"));
    expect(ws.notice).toEqual({ level: "warn", text: "REQ-004 conflict in src/calc.js: both edit divide()" });
  });

  it("says in a resumed lane's panes where it resumed", () => {
    const { ws } = replayed();
    applyEvent(ws, ev({ type: "lane_finished", requirement: "REQ-003", outcome: "interrupted", worktreeRemoved: false }, "REQ-003"));
    expect(ws.notice?.text).toBe("REQ-003 lane interrupted; its worktree is kept with its work");
    applyEvent(ws, ev({ type: "lane_started", requirement: "REQ-003", branch: "greenlight/REQ-003", worktree: "/tmp/w/REQ-003", resumed: true }, "REQ-003"));
    const lane = ws.lanes.find((candidate) => candidate.requirement === "REQ-003")!;
    expect(lane.outcome).toBeUndefined();
    for (const pane of lane.panes) expect(texts(pane).at(-1)).toBe("REQ-003 resumed on greenlight/REQ-003 in /tmp/w/REQ-003; the earlier work is on its branch and in the run log");
  });

  it("adds the merge column to the matrix view once a row has an integration", () => {
    const { ws } = replayed();
    const matrix = renderMatrix(ws, 120, createStyler(false)).split("\n").map((row) => row.trimEnd());
    expect(matrix[2]).toMatch(/ REVIEW +MERGE$/);
    expect(matrix[4]).toMatch(/^REQ-002 .* gate$/);
    expect(matrix[3]).toMatch(/^REQ-001 .* -$/);
    const row = { ...ws.matrix.get("REQ-002")!, integration: { branch: "greenlight/REQ-002", state: "integrated" as const, attempts: 0, commit: "0123456789abcdef", into: "main" } };
    ws.matrix.set("REQ-002", row);
    // At 80 columns an integrated row's commit still fits under MERGE.
    expect(renderMatrix(ws, 80, createStyler(false)).split("\n").find((line) => line.startsWith("REQ-002 "))!.trimEnd()).toMatch(/^REQ-002 .* 0123456$/);
  });

  it("starts no lane for a requirement's status alone, and puts a lane's gate lines in its owner's lane pane", () => {
    const { ws } = replayed();
    applyEvent(ws, ev({ type: "task_status", requirement: "REQ-009", status: "blocked", owner: "backend", reason: "waits for REQ-001", attempts: {} }, "REQ-009"));
    expect(ws.lanes.map((lane) => lane.requirement)).toEqual(["REQ-001", "REQ-002", "REQ-003", "REQ-004"]);
    applyEvent(ws, ev({ type: "gate_finished", requirement: "REQ-003", gate: "green", command: "npm test", passed: true, exitCode: 0, durationMs: 900, summary: "4 passed", outputTail: "" }, "REQ-003"));
    const backend = ws.lanes[2]!.panes[1]!;
    expect(texts(backend).at(-1)).toMatch(/^GREEN gate REQ-003 passed: npm test -> exit 0/);
    expect(texts(ws.lanes[0]!.panes[1]).join("\n")).not.toContain("GREEN gate");
  });

  it("keeps at most `max` lane rows, the focused lane always among them", () => {
    const { ws } = replayed();
    const ui = createUiState();
    ui.laneFocus = "REQ-004";
    expect(laneRows(ws, ui, START, 2).map((row) => row.requirement)).toEqual(["REQ-003", "REQ-004"]);
  });

  it("leaves a sequential run's workspace as it was: no lanes, the run's panes, [ and ] unbound", () => {
    const ws = createWorkspaceState("calc");
    applyEvent(ws, ev({ type: "run_started", project: "calc", testCommand: "npm test", requirements: [{ id: "R1", title: "Add", status: "pending" }], agents: [{ name: "qa", model: "m", handoffs: [] }] }));
    applyEvent(ws, ev({ type: "text_delta", agent: "qa", text: "hello\n" }, "R1"));
    const ui = createUiState();
    expect(showsLanes(ws)).toBe(false);
    expect(ws.lanes).toEqual([]);
    expect(shownPanes(ws, ui)).toBe(ws.panes);
    expect(texts(ws.panes[0])).toEqual(["hello", ""]);
    handleKey(ws, ui, key("]"));
    expect(ui.laneFocus).toBeUndefined();
  });
});

describe("the lanes table", () => {
  const stripTags = (text: string) =>
    text.replace(/\{(open|close)\}/g, (_, which: string) => (which === "open" ? "\u0001" : "\u0002")).replace(/\{\/?[a-z-]+\}/g, "").replace(/\u0001/g, "{").replace(/\u0002/g, "}");

  it("fits four lanes and the queue into 80 columns, one line each, the focused lane marked", () => {
    const { ws } = replayed();
    const ui = createUiState();
    const text = stripTags(renderLanes(laneRows(ws, ui, START + 83_000, 10), ws.mergeQueue, 80, createStyler(false)));
    const lines = text.split("\n");
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^> REQ-001 Add two numbers +implementing +backend +#1 +1m\d\ds +\$0\.030 +3\.2k tok$/);
    expect(lines[1]).toMatch(/^  REQ-002 Subtract safely +integration gate +- +#1 /);
    expect(lines[3]).toMatch(/^  REQ-004 Divide by zero.* in_review +reviewer +#1 /);
    expect(lines[4]!.trimEnd()).toBe("merge queue: 1 REQ-002 integration gate");
  });

  it("leaves the panes their rows under the lanes at 80x24", () => {
    const lanes = 4 + 1;
    expect(24 - STATUS_ROWS - lanes).toBeGreaterThanOrEqual(MIN_PANE_ROWS);
    const rects = gridLayout(3, 80, 24, lanes);
    expect(rects[0]!.top).toBe(lanes);
    const bottom = Math.max(...rects.map((rect) => rect.top + rect.height));
    expect(bottom).toBe(24 - STATUS_ROWS);
    for (const rect of rects) expect(rect.height).toBeGreaterThanOrEqual(4);
  });
});
