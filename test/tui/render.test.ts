import stringWidth from "string-width";
import { beforeAll, describe, expect, it } from "vitest";
import { gridLayout } from "../../src/tui/render/layout.js";
import { fitToWidth, fitWithEllipsis, loadWidthTables, sanitize, widthTablesWanted, wrapToWidth } from "../../src/tui/render/text-fit.js";
import { renderPaneFrame } from "../../src/tui/render/pane-frame.js";
import { ASCII_BORDER, createStyler, UNICODE_BORDER } from "../../src/tui/render/style.js";
import { LineBuffer } from "../../src/tui/model/line-buffer.js";
import { createWorkspaceState, ensurePane } from "../../src/tui/model/workspace-state.js";
import { RenderScheduler } from "../../src/tui/screen/render-scheduler.js";
import { formatToolLine } from "../../src/tui/model/format.js";
import { renderInbox, renderMatrix, renderModal, renderStatus, renderTasks } from "../../src/tui/render/tables.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";

const stripTags = (text: string) =>
  text.replace(/\{(open|close)\}/g, (_, which: string) => (which === "open" ? "\u0001" : "\u0002")).replace(/\{\/?[a-z-]+\}/g, "").replace(/\u0001/g, "{").replace(/\u0002/g, "}");

describe("text fitting before the width tables load", () => {
  it("measures CJK as two columns and accents as one with the stand-in measure", () => {
    expect(wrapToWidth("plain ascii", 5)).toEqual(["plain", "ascii"]);
    expect(widthTablesWanted()).toBe(false);
    expect(wrapToWidth("漢字漢字ab", 5)).toEqual(["漢字", "漢字a", "b"]);
    expect(fitWithEllipsis("RED gate passed: 1 passed, 2 failed", 20)).toBe("RED gate passed:... ");
    expect(fitWithEllipsis("short", 8)).toBe("short   ");
    expect(stringWidth(fitWithEllipsis("漢字漢字漢字", 8))).toBe(8);
    expect(fitToWidth("e\u0301té漢", 5)).toBe("e\u0301té漢");
    expect(widthTablesWanted()).toBe(true);
  });
});

describe("text fitting", () => {
  beforeAll(async () => {
    await loadWidthTables();
    expect(widthTablesWanted()).toBe(false);
  });

  it("wraps and pads by display width, with CJK counted as two columns", () => {
    expect(wrapToWidth("漢字漢字ab", 5)).toEqual(["漢字", "漢字a", "b"]);
    expect(stringWidth(fitToWidth("漢字x", 6))).toBe(6);
    expect(fitToWidth("abcdef", 3)).toBe("abc");
  });

  it("strips control sequences and turns emoji into one-column marks", () => {
    expect(sanitize("a\x1b[31mb\x07")).toBe("a[31mb");
    expect(sanitize("go 🚀 👍🏽 now")).toBe("go □ □ now");
  });
});

describe("word wrapping", () => {
  it("breaks rows between words when that keeps at least half of a row, and cuts long words hard", () => {
    expect(wrapToWidth("Tests for REQ-001 are in test/add.test.js; they fail until add() exists.", 50)).toEqual([
      "Tests for REQ-001 are in test/add.test.js; they",
      "fail until add() exists.",
    ]);
    expect(wrapToWidth("a reallyreallylongword", 10)).toEqual(["a reallyre", "allylongwo", "rd"]);
    expect(wrapToWidth("word ééé long text that wraps", 10)).toEqual(["word ééé", "long text", "that wraps"]);
  });
});

describe("gridLayout", () => {
  it("keeps panes at least 70 columns wide when the terminal allows it", () => {
    expect(gridLayout(3, 160, 50).map((r) => [r.width, r.height])).toEqual([[80, 24], [80, 24], [160, 24]]);
    expect(gridLayout(3, 80, 24).every((r) => r.width === 80)).toBe(true);
  });

  it("tiles every pane inside the area above the status bar without overlap", () => {
    for (const [count, cols, rows] of [[1, 80, 24], [3, 160, 50], [6, 80, 24], [6, 160, 50], [9, 80, 24]] as const) {
      const rects = gridLayout(count, cols, rows);
      expect(rects).toHaveLength(count);
      const area = rects.reduce((sum, r) => sum + r.width * r.height, 0);
      expect(area).toBe(cols * (rows - 2));
      for (const r of rects) {
        expect(r.height).toBeGreaterThanOrEqual(4);
        expect(r.left + r.width).toBeLessThanOrEqual(cols);
      }
    }
  });
});

const view = { index: 0, focused: false, scrollTop: undefined, expanded: false, showModel: false, nowMs: 0 };

describe("renderPaneFrame", () => {
  it("draws every row exactly the pane's width and marks the focused pane", () => {
    const state = createWorkspaceState("p");
    const pane = ensurePane(state, "qa", { model: "m", role: "qa" });
    pane.lines.push({ kind: "text", text: "漢字 and 🚀 and {braces}" });
    pane.lines.push({ kind: "tool", text: "Bash npm test -> exit 1 (2.3 s)", detail: "FAIL one" });
    const frame = renderPaneFrame(pane, { ...view, focused: true, expanded: true }, 30, 6, UNICODE_BORDER, createStyler(false)).text;
    const rows = stripTags(frame).split("\n");
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(stringWidth(row)).toBe(30);
    expect(rows[0]).toMatch(/^┏━ 1 qa \| idle \| 0 turns ━*┓$/);
    expect(rows[1]).toMatch(/^┃.*┃$/);
    expect(rows[5]).toMatch(/^┗━*┛$/);
    expect(rows.join("\n")).toContain("{braces}");
    expect(rows.join("\n")).toContain("  FAIL one");
    const ascii = stripTags(renderPaneFrame(pane, { ...view, index: 1 }, 30, 5, ASCII_BORDER, createStyler(false)).text);
    expect(ascii).toMatch(/^\+- 2 qa/);
    expect(ascii).not.toMatch(/[─│┌]/);
  });

  it("cuts a narrow pane's title between parts, name and state first, and fills an empty pane from the top", () => {
    const state = createWorkspaceState("p");
    const pane = ensurePane(state, "backend", { model: "claude-sonnet-4-5", role: "backend" });
    pane.activity = "thinking";
    const narrow = stripTags(renderPaneFrame(pane, { ...view, index: 1 }, 35, 5, UNICODE_BORDER, createStyler(false)).text).split("\n");
    expect(narrow[0]).toBe("┌─ 2 backend | thinking ──────────┐");
    expect(narrow[1]).toBe("│waiting for work                 │");
    pane.lines.push({ kind: "text", text: "first" });
    const rows = stripTags(renderPaneFrame(pane, { ...view, index: 1 }, 35, 5, UNICODE_BORDER, createStyler(false)).text).split("\n");
    expect(rows[1]).toBe("│first                            │");
    expect(rows[2]).toBe(`│${" ".repeat(33)}│`);
  });

  it("shows the first full page at the top, stays put as lines arrive, and counts the new lines below", () => {
    const state = createWorkspaceState("p");
    const pane = ensurePane(state, "qa", { model: "m" });
    for (let i = 1; i <= 20; i++) pane.lines.push({ kind: "text", text: `line ${i}` });
    const top = renderPaneFrame(pane, { ...view, scrollTop: 0 }, 30, 6, UNICODE_BORDER, createStyler(false));
    const rows = stripTags(top.text).split("\n");
    expect(rows.slice(1, 5).map((row) => row.slice(1, 8).trim())).toEqual(["line 1", "line 2", "line 3", "line 4"]);
    expect(rows[5]).toContain("16 new lines below");
    expect(top.viewport).toEqual({ top: 0, bottom: 3, atEnd: false, rows: 4 });
    pane.lines.push({ kind: "text", text: "line 21" });
    expect(stripTags(renderPaneFrame(pane, { ...view, scrollTop: 0 }, 30, 6, UNICODE_BORDER, createStyler(false)).text).split("\n")[1]).toContain("line 1 ");
    const nearEnd = renderPaneFrame(pane, { ...view, scrollTop: 19 }, 30, 6, UNICODE_BORDER, createStyler(false));
    expect(stripTags(nearEnd.text).split("\n")[4]).toContain("line 21");
    expect(nearEnd.viewport).toMatchObject({ top: 17, atEnd: true });
  });

  it("adds colour tags only when colour is wanted", () => {
    expect(createStyler(true).colour("x", "red")).toBe("{red-fg}x{/red-fg}");
    expect(createStyler(false).colour("x", "red")).toBe("x");
  });
});

describe("LineBuffer", () => {
  it("keeps the newest items up to its capacity", () => {
    const buffer = new LineBuffer<number>(3);
    for (let i = 0; i < 5; i++) buffer.push(i);
    expect([0, 1, 2].map((i) => buffer.at(i))).toEqual([2, 3, 4]);
    expect(buffer.at(3)).toBeUndefined();
  });
});

describe("formatToolLine", () => {
  it("reads like the spec's examples", () => {
    expect(formatToolLine("Bash", "npm test", "exit 1", 2300)).toBe("Bash npm test -> exit 1 (2.3 s)");
    expect(formatToolLine("Write", "src/calc.js", "+12 lines", 3)).toBe("Write src/calc.js (+12 lines)");
    expect(formatToolLine("Bash", "npm test", "exit 0 (1.0 s)", 979)).toBe("Bash npm test -> exit 0 (1.0 s)");
  });
});

describe("RenderScheduler", () => {
  it("coalesces a burst of requests into one render and does nothing when not asked", async () => {
    let renders = 0;
    const scheduler = new RenderScheduler(() => renders++, 20);
    for (let i = 0; i < 1000; i++) scheduler.request();
    await new Promise((done) => setTimeout(done, 100));
    expect(renders).toBe(1);
    await new Promise((done) => setTimeout(done, 100));
    expect(renders).toBe(1);
    scheduler.stop();
    scheduler.request();
    await new Promise((done) => setTimeout(done, 60));
    expect(renders).toBe(1);
  });
});

describe("tables and dialogs at 80 columns", () => {
  function finishedRun() {
    const state = createWorkspaceState("/home/me/state/demo-2026");
    const at = "2026-01-01T00:00:00.000Z";
    const base = { v: 1, seq: 0, at, runId: "r" } as const;
    applyEvent(state, { ...base, type: "run_started", project: "/home/me/state/demo-2026", testCommand: "npm test", requirements: [
      { id: "REQ-001", title: "Add two numbers", status: "approved" },
      { id: "REQ-003", title: "Average of a list", status: "approved" },
    ], agents: [] } as never);
    for (const id of ["REQ-001", "REQ-003"]) {
      applyEvent(state, { ...base, type: "gate_finished", requirement: id, gate: "red", passed: true, command: "npm test", exitCode: 1, durationMs: 5, summary: "", outputTail: "" } as never);
      applyEvent(state, { ...base, type: "gate_finished", requirement: id, gate: "green", passed: true, command: "npm test", exitCode: 0, durationMs: 5, summary: "", outputTail: "" } as never);
      applyEvent(state, { ...base, type: "matrix_row", requirement: id, row: {
        id, title: id === "REQ-001" ? "Add two numbers" : "Average of a list", status: "approved", tests: { files: ["test/average.test.js"], names: [] }, code: ["src/calc.js"],
        gates: { red: { command: "npm test", exitCode: 1, at, durationMs: 5, summary: "" }, green: { command: "npm test", exitCode: 0, at, durationMs: 5, summary: "" } },
        reviews: [{ verdict: "approve", summary: "ok", findings: [], by: "reviewer", at }],
      } } as never);
    }
    return state;
  }

  it("fits every matrix and task column, review and attempts included, into 80 columns", () => {
    const state = finishedRun();
    const matrix = stripTags(renderMatrix(state, 80, createStyler(false))).split("\n").map((row) => row.trimEnd());
    for (const row of matrix.slice(2)) expect(stringWidth(row)).toBeLessThanOrEqual(80);
    expect(matrix[2]).toMatch(/^REQ +TITLE +STATUS +TESTS +CODE +RED +GREEN +REVIEW$/);
    // A cell wider than its column wraps inside it: file names break after a "/", never mid-name.
    const at = matrix.findIndex((row) => row.startsWith("REQ-003 "));
    expect(matrix[at]).toMatch(/^REQ-003 +Average of a +approved +test\/ +src\/calc.js +exit 1 +exit 0 +approved$/);
    expect(matrix[at + 1]).toMatch(/^ +list +average\.test\.js$/);
    const tasks = stripTags(renderTasks(state, 80)).split("\n").map((row) => row.trimEnd());
    expect(tasks[4]).toContain("Average of a list");
  });

  it("keeps the key hints at 80 columns, says what waits in words, and shows the project's folder name, not its path", () => {
    const run = finishedRun();
    expect(renderStatus(run, 0, 80).trimEnd()).toBe("running | 2/2 approved | 0 s | ? help i inbox t tasks x matrix h handoff q quit");
    run.inbox.push({ id: "approval-REQ-001-1", kind: "approval", requirement: "REQ-001", text: "ok?" }, { id: "q", kind: "question", text: "?" });
    expect(renderStatus(run, 0, 80).trimEnd()).toBe("running | 2 waiting | ? help i inbox t tasks x matrix h handoff q quit");
    expect(renderStatus(run, 0, 160)).toContain("running | WAITING: approval REQ-001 +1 (i) | 2/2 approved");
    const status = renderStatus(finishedRun(), 0, 160);
    expect(status).toContain("q quit | demo-2026");
    expect(status).not.toContain("/home");
  });

  it("wraps a long input over rows with the cursor in view, editable from the start", () => {
    const modal = { kind: "input" as const, purpose: "message" as const, label: "Message qa", text: "x".repeat(100) + "END", cursor: 0, agent: "qa" };
    const rows = renderModal(modal, createStyler(false), 40, createWorkspaceState("p")).split("\n");
    expect(rows[1]).toBe("{inverse}x{/inverse}" + "x".repeat(38));
    expect(rows.slice(1).join("")).toContain("END");
  });

  it("names inbox items in words, with their keys, and never their ids", () => {
    const state = createWorkspaceState("p");
    state.inbox.push({ id: "escalation-REQ-001-1", kind: "escalation", requirement: "REQ-001", text: "tests fail\nafter 3 tries" }, { id: "approval-REQ-002-2", kind: "approval", requirement: "REQ-002", text: "ok?" });
    const list = stripTags(renderInbox(state, 0, 80, createStyler(false)));
    expect(list).toContain("> blocked: REQ-001 tests fail: tests fail after 3 tries");
    expect(list).toContain("a answer and resume  s skip  d diff");
    expect(list).toContain("  approval REQ-002: ok?");
    expect(list).not.toContain("escalation-");
    const detail = stripTags(renderModal({ kind: "inbox-detail", id: "approval-REQ-002-2" }, createStyler(false), 60, state));
    expect(detail).toContain("a approve  r reject with a note  d diff");
  });
});
