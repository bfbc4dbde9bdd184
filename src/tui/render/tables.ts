import type { WorkspaceState } from "../model/workspace-state.js";
import type { Modal } from "../model/ui-state.js";
import { formatCost, formatElapsed, formatTokens } from "../model/format.js";
import { escapeTags } from "./pane-frame.js";
import { fitToWidth, sanitize, widthOf } from "./text-fit.js";
import type { Styler } from "./style.js";
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
  { head: "TESTS", min: 10 },
  { head: "CODE", min: 10 },
  { head: "RED", min: 4 },
  { head: "GREEN", min: 5 },
  { head: "REVIEW", min: 8 },
];

function gateText(cell: { passed: boolean } | undefined): string {
  return cell ? (cell.passed ? "pass" : "FAIL") : "-";
}

export function renderMatrix(ws: WorkspaceState, width: number, style: Styler): string {
  const rows = ws.tasks.map((task) => ({ task, row: ws.matrix.get(task.id) }));
  const cells = rows.map(({ task, row }) => [
    task.id,
    task.title,
    [...(row?.tests ?? [])].join(",") || "-",
    [...(row?.code ?? [])].join(",") || "-",
    gateText(row?.red),
    gateText(row?.green),
    row?.review ? (row.review.verdict === "approve" ? "approved" : "changes") : "-",
  ]);
  const widths = columnWidths(MATRIX_COLUMNS, cells, width);
  const lines = [`Traceability matrix. ${escapeTags(runSummary(ws))}. x or Esc: back to the panes`, "", escapeTags(columns(MATRIX_COLUMNS.map((column) => column.head), widths))];
  rows.forEach(({ row }, index) => {
    const text = cells[index]!;
    const gate = (cell: { passed: boolean } | undefined, column: number): string => {
      const fitted = escapeTags(fitToWidth(text[column]!, widths[column]!));
      return cell ? style.colour(fitted, cell.passed ? "green" : "red") : fitted;
    };
    const review = escapeTags(fitToWidth(text[6]!, widths[6]!));
    const reviewed = row?.review ? style.colour(review, row.review.verdict === "approve" ? "green" : "yellow") : review;
    lines.push(`${escapeTags(columns(text.slice(0, 4), widths))} ${gate(row?.red, 4)} ${gate(row?.green, 5)} ${reviewed}`);
  });
  return lines.join("\n");
}

export function renderInbox(ws: WorkspaceState, selected: number, style: Styler): string {
  const lines = ["Inbox (Enter answer, a approve/allow once, s allow for the session, r reject/deny with a note, n to close)", ""];
  if (ws.inbox.length === 0) lines.push("Nothing is waiting for you.");
  ws.inbox.forEach((item, index) => {
    const text = escapeTags(sanitize(`${item.kind.padEnd(10)} ${item.requirement ?? ""} ${item.agent ?? ""}: ${item.text}`.replace(/\n/g, " ")));
    lines.push(index === Math.min(selected, ws.inbox.length - 1) ? style.inverse(`> ${text}`) : `  ${text}`);
  });
  return lines.join("\n");
}

export const HELP_LINES = [
  "Keys",
  "Tab / Shift-Tab, 1-9   focus a pane",
  "Enter / z              zoom the focused pane",
  "Up/Down PgUp/PgDn g/G  scroll",
  "/                      search the focused pane",
  "e                      expand tool and gate output",
  "h                      handoff menu of the focused agent",
  "m                      message the focused agent",
  "t / x / n              tasks / matrix / inbox",
  "p                      pause or resume",
  "Esc                    cancel the focused agent's turn",
  "q                      quit",
  "?                      this help (any key closes)",
];

/** The end of what is being typed, so the cursor stays in view however long the text grows. */
function inputTail(text: string, width: number): string {
  const chars = Array.from(sanitize(text));
  let used = 0;
  let start = chars.length;
  while (start > 0 && used + widthOf(chars[start - 1]!) <= width) used += widthOf(chars[--start]!);
  return chars.slice(start).join("");
}

/** The dialog's text; `width` is the columns inside its border and padding. */
export function renderModal(modal: Modal, style: Styler, width: number): string {
  switch (modal.kind) {
    case "help":
      return escapeTags(HELP_LINES.join("\n"));
    case "quit-confirm":
      return "Agents are still working. Quit? (y/n)\nState is saved; greenlight run resumes.";
    case "handoff-menu":
      return [`Handoff from ${escapeTags(modal.from)}`, ...modal.choices.map((choice, index) => {
        const text = escapeTags(`${index + 1}. ${choice.label}${choice.agent ? ` -> ${choice.agent}` : ""}${choice.send ? " (sends now)" : ""}`);
        return index === modal.selected ? style.inverse(text) : text;
      })].join("\n");
    case "agent-picker":
      return [`Hand off ${escapeTags(modal.from)} to:`, ...modal.agents.map((agent, index) => (index === modal.selected ? style.inverse(escapeTags(agent)) : escapeTags(agent)))].join("\n");
    case "input":
      return `${escapeTags(modal.label)} (Enter send, Esc cancel)\n> ${escapeTags(inputTail(modal.text, width - 3))}_`;
  }
}

/** The project's folder name: a full path would push everything else off a narrow bar. */
function projectLabel(project: string): string {
  return project.split(/[\\/]/).filter(Boolean).at(-1) ?? project;
}

export function renderStatus(ws: WorkspaceState, nowMs: number, width: number): string {
  const approved = ws.tasks.filter((task) => task.status === "approved").length;
  const elapsed = ws.durationMs ?? (ws.startedAtMs ? Math.max(0, nowMs - ws.startedAtMs) : 0);
  const state = ws.runState === "finished" ? `done: ${ws.outcome ?? ""}` : ws.runState;
  const hints = width >= 120 ? "? help q quit n inbox t tasks x matrix h handoff" : "? help q quit";
  const parts = [state, `${approved}/${ws.tasks.length} approved`, formatElapsed(elapsed), `${formatTokens(ws.tokens)} tok`, formatCost(ws.costUsd), `inbox ${ws.inbox.length}`, hints, projectLabel(ws.project)];
  // On a narrow bar the project name goes first, then the token count; the state, the inbox count
  // and the key hints always stay.
  for (const dropped of [7, 3]) {
    if (widthOf(parts.filter(Boolean).join(" | ")) <= width) break;
    parts[dropped] = "";
  }
  return fitToWidth(sanitize(parts.filter(Boolean).join(" | ")), width);
}
