import { baselineNotes } from "../../domain/baseline-text.js";
import { allPanes, type WorkspaceState } from "../model/workspace-state.js";
import type { DiffView, Modal } from "../model/ui-state.js";
import type { GateRun, TraceRow, Integration } from "../../domain/traceability.js";
import { integrationLabel, shortCommit } from "../../domain/integration-text.js";
import { inboxKeyHints, inboxKind } from "../model/inbox-kinds.js";
import { formatCost, formatElapsed, formatTokens } from "../model/format.js";
import { escapeTags } from "./pane-frame.js";
import { fitToWidth, fitWithEllipsis, sanitize, widthOf, wrapToWidth } from "./text-fit.js";
import type { Colour, Styler } from "./style.js";
import { columnWidths, type ColumnSpec } from "./column-widths.js";

function columns(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => fitToWidth(sanitize(cell), widths[index] ?? 10)).join(" ");
}

function runSummary(ws: WorkspaceState): string {
  const approved = ws.tasks.filter((task) => task.status === "approved").length;
  const state = ws.runState === "finished" ? `Run ${ws.outcome ?? "finished"}` : `Run ${ws.runState}`;
  return `${state}: ${approved}/${ws.tasks.length} approved`;
}

const TASK_COLUMNS: ColumnSpec[] = [
  { head: "REQ", min: 7 },
  { head: "TITLE", min: 12 },
  { head: "STATUS", min: 8 },
  { head: "OWNER", min: 6 },
  { head: "ATTEMPTS", min: 8 },
];

export function renderTasks(ws: WorkspaceState, width: number): string {
  const cells = ws.tasks.map((task) => [task.id, task.title, task.status, task.owner ?? "-", Object.entries(task.attempts).map(([k, v]) => `${k}:${v}`).join(" ")]);
  const widths = columnWidths(TASK_COLUMNS, cells, width);
  const head = columns(TASK_COLUMNS.map((column) => column.head), widths);
  return escapeTags([`Tasks. ${runSummary(ws)}. t or Esc: back to the panes`, "", head, ...cells.map((row) => columns(row, widths))].join("\n"));
}

const MATRIX_COLUMNS: ColumnSpec[] = [
  { head: "REQ", min: 7 },
  { head: "TITLE", min: 10 },
  { head: "STATUS", min: 8 },
  { head: "TESTS", min: 8 },
  { head: "CODE", min: 8 },
  { head: "RED", min: 6 },
  { head: "GREEN", min: 6 },
  { head: "REVIEW", min: 8 },
];

/** A gate as `greenlight matrix` shows it: the exit code of the stored run. */
function gateText(gate: GateRun | undefined): string {
  return gate ? `exit ${gate.exitCode ?? "killed"}` : "-";
}

function reviewText(row: TraceRow | undefined): string {
  const last = row?.reviews.at(-1);
  return last ? (last.verdict === "approve" ? "approved" : "changes") : "-";
}

/** Only a parallel run's rows have an integration: a sequential run's matrix keeps its columns. */
const INTEGRATION_COLUMN: ColumnSpec = { head: "MERGE", min: 7 };

/** Under MERGE an integrated row shows its commit alone, so it still fits at 80 columns; others their queue state. */
function mergeCell(integration: Pick<Integration, "state" | "commit"> | undefined): string {
  if (!integration) return "-";
  return integration.state === "integrated" && integration.commit ? shortCommit(integration.commit) : integrationLabel(integration);
}

/**
 * A cell's lines in a column `width` wide: between words, and inside a path after a "/", so a file name
 * that does not fit breaks where a reader still sees it whole; only a piece longer than the column is cut.
 */
function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const piece of text.split(/(?<=[\/ ])/)) {
    if (widthOf(line + piece.trimEnd()) <= width) {
      line += piece;
      continue;
    }
    if (line.trim() !== "") lines.push(line.trimEnd());
    line = "";
    const cut = wrapToWidth(piece, width);
    lines.push(...cut.slice(0, -1));
    line = cut.at(-1) ?? "";
  }
  if (line.trim() !== "" || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const MAX_PIECE = 24;

/** The status a row shows: a row that failed its last `greenlight verify` says so beside it. */
/** A row's status with what undermines it: a failed verify, or a re-plan that changed the requirement after its approval. */
function statusText(status: string, row: TraceRow | undefined): string {
  const marks = [row?.verification && !row.verification.holds ? "fails verify" : "", row?.changedSinceApproval ? "changed" : ""].filter(Boolean);
  return marks.length > 0 ? `${status}, ${marks.join(", ")}` : status;
}

/**
 * The matrix, with every cell wrapped inside its column instead of cut: at 80 columns a row takes more
 * lines, and ids, titles and file names stay whole. `top` scrolls the rows when they are taller than
 * `height`; the header stays.
 */
export function renderMatrix(ws: WorkspaceState, width: number, style: Styler, top = 0, height = Number.MAX_SAFE_INTEGER, reportPath?: string): string {
  const rows = ws.tasks.map((task) => ({ task, row: ws.matrix.get(task.id) }));
  const integrated = rows.some(({ row }) => row?.integration !== undefined);
  const cells = rows.map(({ task, row }) => [
    task.id,
    row?.title || task.title,
    statusText(row?.status ?? task.status, row),
    row?.tests.files.join(", ") || "-",
    row?.code.join(", ") || "-",
    gateText(row?.gates.red),
    gateText(row?.gates.green),
    reviewText(row),
    ...(integrated ? [mergeCell(row?.integration)] : []),
  ]);
  // A column gives up width only down to its longest word or path piece (an id is one), so wrapping
  // breaks between them rather than inside one; a piece longer than MAX_PIECE is cut all the same.
  const longestPiece = (column: number) => Math.max(0, ...cells.map((text) => Math.max(...sanitize(text[column]!).split(/(?<=[\/ ])/).map((piece) => widthOf(piece.trimEnd())))));
  const specs = [...MATRIX_COLUMNS, ...(integrated ? [INTEGRATION_COLUMN] : [])].map((spec, column) => ({ ...spec, min: Math.max(spec.min, column === 0 ? widthOf(sanitize(cells.reduce((widest, text) => (widthOf(text[0]!) > widthOf(widest) ? text[0]! : widest), ""))) : Math.min(longestPiece(column), MAX_PIECE)) }));
  const widths = columnWidths(specs, cells, width);
  const body: string[] = [];
  rows.forEach(({ row }, index) => {
    const text = cells[index]!;
    const status = row?.status ?? "";
    const statusColour: Colour | undefined =
      row?.verification && !row.verification.holds ? "red" : row?.changedSinceApproval ? "yellow" : status === "approved" ? "green" : status === "blocked" ? "red" : undefined;
    // A red gate is right when the new tests fail (exit not 0); a green gate when they pass.
    const red = row?.gates.red ? (row.gates.red.exitCode !== 0 && row.gates.red.exitCode !== null ? "green" : "red") : undefined;
    const green = row?.gates.green ? ((row.gates.green.passed ?? row.gates.green.exitCode === 0) ? "green" : "red") : undefined;
    const last = row?.reviews.at(-1);
    const review = last ? (last.verdict === "approve" ? "green" : "yellow") : undefined;
    const merge = row?.integration ? (row.integration.state === "integrated" ? "green" : row.integration.state === "blocked" ? "red" : undefined) : undefined;
    const colours: (Colour | undefined)[] = [undefined, undefined, statusColour, undefined, undefined, red, green, review, merge];
    const wrapped = text.map((cell, column) => wrapCell(sanitize(cell), widths[column]!));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    for (let line = 0; line < height; line++) {
      body.push(
        wrapped
          .map((lines, column) => {
            const fitted = escapeTags(fitToWidth(lines[line] ?? "", widths[column]!));
            const colour = colours[column];
            return colour ? style.colour(fitted, colour) : fitted;
          })
          .join(" "),
      );
    }
  });
  const notes = rows.flatMap(({ row }) => (row ? baselineNotes(row) : []));
  if (notes.length > 0) body.push("", ...notes.flatMap((note) => wrapCell(sanitize(note), width)).map(escapeTags));
  const report = reportPath ? ` Report written: ${reportPath}` : "";
  const headFor = (more: string) => wrapCell(sanitize(`Traceability matrix. ${runSummary(ws)}.${more} r report, x/Esc back.${report}`), width);
  let shown = Math.max(1, height - headFor("").length - 2);
  let more = "";
  let first = 0;
  if (body.length > shown) {
    shown = Math.max(1, height - headFor(" Lines 000-000 of 000, Up/Down scroll.").length - 2);
    first = Math.max(0, Math.min(top, body.length - shown));
    more = ` Lines ${first + 1}-${Math.min(body.length, first + shown)} of ${body.length}, Up/Down scroll.`;
  }
  return [...headFor(more).map(escapeTags), "", escapeTags(columns(specs.map((column) => column.head), widths)), ...body.slice(first, first + shown)].join("\n");
}

export function renderInbox(ws: WorkspaceState, selected: number, width: number, style: Styler): string {
  const item = ws.inbox[selected];
  const keys = item ? inboxKeyHints(item) : "";
  const lines = [escapeTags(fitWithEllipsis(`Inbox. Up/Down select, Enter read it all${keys ? `, ${keys}` : ""}, i or Esc: back`, width)), ""];
  if (ws.inbox.length === 0) lines.push("Nothing is waiting for you.");
  ws.inbox.forEach((entry, index) => {
    const text = escapeTags(fitWithEllipsis(sanitize(`${inboxKind(entry).describe(entry)}: ${entry.text}`.replace(/\s*\n\s*/g, " ")), width - 2));
    lines.push(index === selected ? style.inverse(`> ${text}`) : `  ${text}`);
  });
  return lines.join("\n");
}

export const HELP_LINES = [
  "Keys (a dialog or view takes its own keys first)",
  "Tab / Shift-Tab, 1-9   focus a pane",
  "[ / ]                  previous / next lane: its agents' panes (parallel runs)",
  "Enter / z              zoom the focused pane",
  "Up/Down PgUp/PgDn      scroll; [N new lines] shows what arrived below",
  "g / G                  top of the pane / follow the newest line",
  "/  n / N               search the pane, older / newer match",
  "e                      expand tool and gate output",
  "d                      diff of the agent's requirement",
  "h                      handoff menu of the focused agent",
  "m                      message the focused agent (queued while it works)",
  "                       in the box: Up picks a queued message, Esc withdraws it",
  "Esc or c               cancel the agent's turn (asks first)",
  "t / x / i              tasks / matrix / inbox",
  "Matrix: r write the HTML report (its path is shown), Up/Down scroll",
  "Inbox: Enter read it all, a approve or answer, r reject, s skip, d diff",
  "Text boxes: Ctrl-A/E start/end, Ctrl-U/K/W cut, paste keeps newlines",
  "p                      pause or resume",
  "q                      quit",
  "?                      this help (any key closes)",
];

/** Rows of the text box, the cursor shown as an inverse cell; long text wraps and keeps the cursor's row in view. */
function inputRows(text: string, cursor: number, width: number, style: Styler): string[] {
  const chars = Array.from(text);
  const rows: { text: string; cursorAt?: number }[] = [{ text: "" }];
  let used = 0;
  chars.forEach((ch, index) => {
    const shown = ch === "\n" ? "" : sanitize(ch);
    const w = widthOf(shown);
    if (index === cursor) rows.at(-1)!.cursorAt = Array.from(rows.at(-1)!.text).length;
    if (ch === "\n" || used + w > width - 1) {
      rows.push({ text: "" });
      used = 0;
      if (ch === "\n") return;
      if (index === cursor) rows.at(-1)!.cursorAt = 0;
    }
    rows.at(-1)!.text += shown;
    used += w;
  });
  if (cursor >= chars.length) rows.at(-1)!.cursorAt = Array.from(rows.at(-1)!.text).length;
  const cursorRow = Math.max(0, rows.findIndex((row) => row.cursorAt !== undefined));
  const first = Math.max(0, Math.min(cursorRow - INPUT_ROWS + 1, rows.length - INPUT_ROWS));
  return rows.slice(first, first + INPUT_ROWS).map((row) => {
    if (row.cursorAt === undefined) return escapeTags(row.text);
    const parts = Array.from(row.text);
    const at = parts[row.cursorAt] ?? " ";
    return `${escapeTags(parts.slice(0, row.cursorAt).join(""))}${style.inverse(escapeTags(at))}${escapeTags(parts.slice(row.cursorAt + 1).join(""))}`;
  });
}

const INPUT_ROWS = 6;
const QUEUED_ROWS = 4;

/** Above a message box: what is already queued for its agent, the picked one inverse, and how to withdraw one. */
function queuedRows(modal: Extract<Modal, { kind: "input" }>, width: number, style: Styler, ws: WorkspaceState): string[] {
  if (modal.purpose !== "message") return [];
  const queued = allPanes(ws).find((candidate) => candidate.key === modal.pane)?.queued ?? [];
  if (queued.length === 0) return [];
  const picked = Math.max(0, queued.findIndex((message) => message.id === modal.queuedId));
  const first = Math.max(0, Math.min(picked - QUEUED_ROWS + 1, queued.length - QUEUED_ROWS));
  const rows = queued.slice(first, first + QUEUED_ROWS).map((message) => {
    const text = escapeTags(fitToWidth(sanitize(`queued: ${message.text.replace(/\s*\n\s*/g, " ")}`), width));
    return message.id === modal.queuedId ? style.inverse(text) : text;
  });
  const hint = modal.queuedId ? "Esc withdraws the picked message, Down goes back" : "Up picks a queued message to withdraw";
  return [...rows, escapeTags(fitToWidth(hint, width)), ""];
}

function inboxDetail(ws: WorkspaceState, id: string, width: number): string {
  const item = ws.inbox.find((candidate) => candidate.id === id);
  if (!item) return "This item has been dealt with.\n\nAny key closes.";
  const body = item.text.split("\n").flatMap((line) => wrapToWidth(sanitize(line), width));
  return escapeTags([inboxKind(item).describe(item), "", ...body.slice(0, 30), "", `${inboxKeyHints(item)}  Esc close`.trim()].join("\n"));
}

/** The dialog's text; `width` is the columns inside its border and padding. */
export function renderModal(modal: Modal, style: Styler, width: number, ws: WorkspaceState): string {
  switch (modal.kind) {
    case "help":
      return escapeTags(HELP_LINES.join("\n"));
    case "quit-confirm":
      return "Agents are still working. Quit? (y/n)\nState is saved; greenlight run resumes.";
    case "cancel-confirm":
      return `Cancel ${escapeTags(modal.agent)}'s turn? (y/n)\nThe agent stops mid-turn; its requirement may end blocked.`;
    case "inbox-detail":
      return inboxDetail(ws, modal.id, width);
    case "handoff-menu":
      return [`Handoff from ${escapeTags(modal.from)}`, ...modal.choices.map((choice, index) => {
        const text = escapeTags(`${index + 1}. ${choice.label}${choice.agent ? ` -> ${choice.agent}` : ""}${choice.send ? " (sends now)" : ""}`);
        return index === modal.selected ? style.inverse(text) : text;
      })].join("\n");
    case "agent-picker":
      return [`Hand off ${escapeTags(modal.from)} to:`, ...modal.agents.map((agent, index) => (index === modal.selected ? style.inverse(escapeTags(agent)) : escapeTags(agent)))].join("\n");
    case "input":
      return [...queuedRows(modal, width, style, ws), `${escapeTags(modal.label)} (Enter send, Esc cancel)`, ...inputRows(modal.text, modal.cursor, width, style)].join("\n");
  }
}

/** The project's folder name: a full path would push everything else off a narrow bar. */
function projectLabel(project: string): string {
  return project.split(/[\\/]/).filter(Boolean).at(-1) ?? project;
}

/** What waits for the person, in words: the status bar's most important part while anything does. */
function waitingText(ws: WorkspaceState): string {
  const first = ws.inbox[0];
  if (!first) return "";
  const more = ws.inbox.length > 1 ? ` +${ws.inbox.length - 1}` : "";
  return `WAITING: ${inboxKind(first).describe(first).trim()}${more} (i)`;
}

export function renderStatus(ws: WorkspaceState, nowMs: number, width: number): string {
  const approved = ws.tasks.filter((task) => task.status === "approved").length;
  const elapsed = ws.durationMs ?? (ws.startedAtMs ? Math.max(0, nowMs - ws.startedAtMs) : 0);
  const state = ws.runState === "finished" ? `done: ${ws.outcome ?? ""}` : ws.runState;
  const hints = width >= 120 ? "? help i inbox t tasks x matrix h handoff m message d diff q quit" : "? help i inbox t tasks x matrix h handoff q quit";
  const parts = [state, waitingText(ws), `${approved}/${ws.tasks.length} approved`, formatElapsed(elapsed), `${formatTokens(ws.tokens)} tok`, formatCost(ws.costUsd, ws.costUnknown), ws.inbox.length ? "" : "inbox 0", hints, projectLabel(ws.project)];
  // On a narrow bar the project name goes first, then cost, tokens, the empty inbox, the clock and the
  // count; the state, what waits and the key hints always stay.
  for (const dropped of [8, 5, 4, 6, 3, 2]) {
    if (widthOf(parts.filter(Boolean).join(" | ")) <= width) break;
    parts[dropped] = "";
  }
  if (ws.inbox.length > 0 && widthOf(parts.filter(Boolean).join(" | ")) > width) parts[1] = `${ws.inbox.length} waiting`;
  // Still too long: the least used hints go, a whole key and its word at a time.
  let words = hints.split(" ");
  while (words.length > 4 && widthOf(parts.filter(Boolean).join(" | ")) > width) {
    words = words.slice(0, -2);
    parts[7] = words.join(" ");
  }
  return fitToWidth(sanitize(parts.filter(Boolean).join(" | ")), width);
}

/** A unified diff, coloured, from line `top`, `height` rows of `width` columns. */
export function renderDiff(diff: DiffView, width: number, height: number, style: Styler): string {
  const head = escapeTags(fitWithEllipsis(`${diff.title}. ${diff.loading ? "loading..." : `${diff.lines.length} lines, Up/Down PgUp/PgDn g/G scroll`}; Esc or d: close`, width));
  const body = diff.lines.slice(diff.top, diff.top + Math.max(0, height - 2)).map((line) => {
    const text = escapeTags(fitToWidth(sanitize(line), width));
    if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ")) return style.colour(text, "white", true);
    if (line.startsWith("+")) return style.colour(text, "green");
    if (line.startsWith("-")) return style.colour(text, "red");
    if (line.startsWith("@@")) return style.colour(text, "cyan");
    return text;
  });
  return [head, "", ...body].join("\n");
}
