import type blessed from "neo-blessed";
import type { WorkspaceState } from "../model/workspace-state.js";
import type { Modal, UiState } from "../model/ui-state.js";
import { gridLayout, MIN_COLS, MIN_PANE_ROWS, MIN_ROWS, STATUS_ROWS, type Rect } from "../render/layout.js";
import { laneRows, shownPanes, showsLanes } from "../model/lanes.js";
import { renderLanes } from "../render/lanes.js";
import { escapeTags, renderPaneFrame } from "../render/pane-frame.js";
import { renderDiff, renderInbox, renderMatrix, renderModal, renderStatus, renderTasks } from "../render/tables.js";
import { selectedInboxIndex } from "../model/inbox-selection.js";
import { isBusy } from "../model/handle-key.js";
import { fitWithEllipsis, sanitize, widthOf } from "../render/text-fit.js";
import type { BorderChars, Styler } from "../render/style.js";
import { createBox } from "./blessed-widgets.js";

type Box = blessed.Widgets.BoxElement;

/** The lines of tagged text as the terminal will show them. */
function visibleLines(tagged: string): string[] {
  return tagged.replace(/\{\/?[a-z-]+\}/g, (tag) => (tag === "{open}" || tag === "{close}" ? "x" : "")).split("\n");
}

/**
 * Owns the blessed boxes and draws the view state into them. Each pane keeps the versions it last
 * drew, so a frame only re-composes the panes whose agent or scroll position changed.
 */
export class WorkspaceScreen {
  private readonly paneBoxes: Box[] = [];
  private readonly drawn = new Map<Box, string>();
  /** What each pane box was last composed from; an unchanged pane is not composed again. */
  private readonly composedFor = new Map<Box, string>();
  private readonly main: Box;
  /** The lanes table above the panes in a parallel run. */
  private readonly lanes: Box;
  private readonly notice: Box;
  private readonly status: Box;
  private readonly modal: Box;
  private readonly tooSmall: Box;
  /** Whether this frame changed anything but the status bar; the clock's tick changes only that. */
  private beyondStatus = true;
  private drawnSize = "";

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    private readonly border: BorderChars,
    private readonly style: Styler,
  ) {
    const plain = { tags: true, wrap: false, scrollable: false } as const;
    this.main = createBox({ ...plain, top: 0, left: 0, width: "100%", height: "100%-2", hidden: true });
    this.lanes = createBox({ ...plain, top: 0, left: 0, width: "100%", height: 1, hidden: true });
    this.notice = createBox({ ...plain, bottom: 1, left: 0, width: "100%", height: 1 });
    this.status = createBox({ ...plain, bottom: 0, left: 0, width: "100%", height: 1, style: { inverse: true } });
    this.modal = createBox({ ...plain, top: 0, left: 0, width: 40, height: 5, hidden: true, border: border.v === "|" ? { type: "bg", ch: "#" } : { type: "line" }, padding: { left: 1, right: 1 } });
    this.tooSmall = createBox({ tags: false, top: 0, left: 0, width: "100%", height: "100%", hidden: true });
    for (const box of [this.main, this.lanes, this.notice, this.status, this.modal, this.tooSmall]) screen.append(box);
  }

  /** Forgets what was drawn, so the next frame composes every box again (after the width tables load). */
  invalidate(): void {
    this.drawn.clear();
    this.composedFor.clear();
    this.beyondStatus = true;
  }

  private set(box: Box, content: string): void {
    if (this.drawn.get(box) === content) return;
    this.drawn.set(box, content);
    box.setContent(content);
    if (box !== this.status) this.beyondStatus = true;
  }

  private show(box: Box, visible: boolean): void {
    if (box.hidden === !visible) return;
    box.hidden = !visible;
    this.beyondStatus = true;
  }

  private paneBox(index: number): Box {
    while (this.paneBoxes.length <= index) {
      const box = createBox({ tags: true, wrap: false, scrollable: false, top: 0, left: 0, width: 1, height: 1 });
      this.screen.insertBefore(box, this.main);
      this.paneBoxes.push(box);
    }
    return this.paneBoxes[index]!;
  }

  private place(box: Box, rect: Rect): void {
    if (box.left !== rect.left || box.top !== rect.top || box.width !== rect.width || box.height !== rect.height) this.beyondStatus = true;
    if (box.left !== rect.left) box.left = rect.left;
    if (box.top !== rect.top) box.top = rect.top;
    if (box.width !== rect.width) box.width = rect.width;
    if (box.height !== rect.height) box.height = rect.height;
  }

  /** Sized to its text, so no line of a dialog is cut at 80 columns and no dialog is mostly blank. */
  private drawModal(modal: Modal, cols: number, rows: number, ws: WorkspaceState): void {
    const chrome = 4;
    const maxInner = cols - 2 - chrome;
    const wide = modal.kind === "input" || modal.kind === "inbox-detail";
    const inner = wide ? Math.min(maxInner, 72) : Math.min(maxInner, Math.max(30, ...visibleLines(renderModal(modal, this.style, maxInner, ws)).map(widthOf)));
    const content = renderModal(modal, this.style, inner, ws);
    this.place(this.modal, { left: Math.floor((cols - inner - chrome) / 2), top: Math.max(0, Math.floor((rows - 2 - content.split("\n").length - 2) / 2)), width: inner + chrome, height: Math.min(rows - 2, content.split("\n").length + 2) });
    this.set(this.modal, content);
  }

  draw(ws: WorkspaceState, ui: UiState, nowMs: number): void {
    const cols = this.screen.width as number;
    const rows = this.screen.height as number;
    const small = cols < MIN_COLS || rows < MIN_ROWS;
    ui.tooSmall = small;
    const size = `${cols}x${rows}`;
    if (size !== this.drawnSize) this.beyondStatus = true;
    this.drawnSize = size;
    this.show(this.tooSmall, small);
    if (small) {
      this.set(this.tooSmall, `Terminal too small: ${cols}x${rows}.\ngreenlight needs at least ${MIN_COLS}x${MIN_ROWS}; enlarge the window (q quits).`);
      this.screen.render();
      return;
    }
    const panes = shownPanes(ws, ui);
    ui.focus = Math.min(ui.focus, Math.max(0, panes.length - 1));
    const showPanes = ui.view === "panes";
    const lanesShown = showPanes && showsLanes(ws);
    const lanes = lanesShown ? laneRows(ws, ui, nowMs, rows - STATUS_ROWS - 1 - MIN_PANE_ROWS) : [];
    const lanesHeight = lanesShown ? lanes.length + 1 : 0;
    this.show(this.lanes, lanesShown);
    if (lanesShown) {
      this.place(this.lanes, { left: 0, top: 0, width: cols, height: lanesHeight });
      this.set(this.lanes, renderLanes(lanes, ws.mergeQueue, cols, this.style));
    }
    const sharedModel = panes.every((pane) => pane.model === panes[0]?.model);
    const rects = ui.zoomed ? panes.map(() => ({ left: 0, top: lanesHeight, width: cols, height: rows - STATUS_ROWS - lanesHeight })) : gridLayout(panes.length, cols, rows, lanesHeight);
    panes.forEach((pane, index) => {
      const box = this.paneBox(index);
      const visible = showPanes && (!ui.zoomed || index === ui.focus);
      this.show(box, visible);
      if (!visible) return;
      const rect = rects[index]!;
      this.place(box, rect);
      const search = ui.search.get(pane.key);
      const view = { index, focused: index === ui.focus, scrollTop: ui.scroll.get(pane.key), expanded: ui.expanded.has(pane.key), search, showModel: ui.zoomed || !sharedModel, nowMs };
      // A busy pane's title shows the turn's elapsed seconds, so it is composed again when they change.
      const seconds = isBusy(pane) && pane.turnStartedAtMs !== undefined ? Math.floor((nowMs - pane.turnStartedAtMs) / 1000) : -1;
      const key = `${pane.key}:${pane.version}:${view.focused}:${view.scrollTop}:${view.expanded}:${search?.query}:${search?.match}:${search?.total}:${view.showModel}:${seconds}:${rect.width}x${rect.height}`;
      if (this.composedFor.get(box) === key) return;
      this.composedFor.set(box, key);
      const frame = renderPaneFrame(pane, view, rect.width, rect.height, this.border, this.style);
      ui.viewport.set(pane.key, frame.viewport);
      this.set(box, frame.text);
    });
    for (let index = panes.length; index < this.paneBoxes.length; index++) this.show(this.paneBoxes[index]!, false);
    this.show(this.main, !showPanes);
    if (!showPanes) {
      const content =
        ui.view === "tasks"
          ? renderTasks(ws, cols)
          : ui.view === "matrix"
            ? renderMatrix(ws, cols, this.style, ui.matrixTop, rows - 2, ui.reportPath)
            : ui.view === "diff" && ui.diff
              ? renderDiff(ui.diff, cols, rows - 2, this.style)
              : renderInbox(ws, selectedInboxIndex(ws, ui), cols, this.style);
      this.set(this.main, content);
    }
    const notice = ws.notice ? escapeTags(fitWithEllipsis(sanitize(ws.notice.text), cols)) : "";
    this.set(this.notice, ws.notice && ws.notice.level !== "info" ? this.style.colour(notice, ws.notice.level === "error" ? "red" : "yellow") : notice);
    this.set(this.status, escapeTags(renderStatus(ws, nowMs, cols)));
    this.show(this.modal, ui.modal !== null);
    if (ui.modal) this.drawModal(ui.modal, cols, rows, ws);
    if (this.beyondStatus) this.screen.render();
    else {
      // Only the status bar changed (the clock): redraw its row, not the whole screen.
      this.status.render();
      this.screen.draw(rows - 1, rows - 1);
    }
    this.beyondStatus = false;
  }
}
