import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { gridLayout } from "../../src/tui/render/layout.js";
import { fitToWidth, sanitize, wrapToWidth } from "../../src/tui/render/text-fit.js";
import { renderPaneFrame } from "../../src/tui/render/pane-frame.js";
import { ASCII_BORDER, createStyler, UNICODE_BORDER } from "../../src/tui/render/style.js";
import { LineBuffer } from "../../src/tui/model/line-buffer.js";
import { createWorkspaceState, ensurePane } from "../../src/tui/model/workspace-state.js";
import { RenderScheduler } from "../../src/tui/screen/render-scheduler.js";
import { formatToolLine } from "../../src/tui/model/format.js";

const stripTags = (text: string) =>
  text.replace(/\{(open|close)\}/g, (_, which: string) => (which === "open" ? "\u0001" : "\u0002")).replace(/\{\/?[a-z-]+\}/g, "").replace(/\u0001/g, "{").replace(/\u0002/g, "}");

describe("text fitting", () => {
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

describe("gridLayout", () => {
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

describe("renderPaneFrame", () => {
  it("draws every row exactly the pane's width and marks the focused pane", () => {
    const state = createWorkspaceState("p");
    const pane = ensurePane(state, "qa", { model: "m", role: "qa" });
    pane.lines.push({ kind: "text", text: "漢字 and 🚀 and {braces}" });
    pane.lines.push({ kind: "tool", text: "Bash npm test -> exit 1 (2.3 s)", detail: "FAIL one" });
    const frame = renderPaneFrame(pane, { index: 0, focused: true, scroll: 0, expanded: true }, 30, 6, UNICODE_BORDER, createStyler(false));
    const rows = stripTags(frame).split("\n");
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(stringWidth(row)).toBe(30);
    expect(rows[0]).toMatch(/^┌━ 1 qa \| qa \| m \| idle/);
    expect(rows.join("\n")).toContain("{braces}");
    expect(rows.join("\n")).toContain("  FAIL one");
    const ascii = stripTags(renderPaneFrame(pane, { index: 1, focused: false, scroll: 0, expanded: false }, 30, 5, ASCII_BORDER, createStyler(false)));
    expect(ascii).toMatch(/^\+- 2 qa/);
    expect(ascii).not.toMatch(/[─│┌]/);
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
