import type { WorkspaceState } from "../model/workspace-state.js";
import type { Modal } from "../model/ui-state.js";
import { formatCost, formatDuration, formatTokens } from "../model/format.js";
import { escapeTags } from "./pane-frame.js";
import { fitToWidth, sanitize } from "./text-fit.js";
import type { Styler } from "./style.js";

function columns(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => fitToWidth(sanitize(cell), widths[index] ?? 10)).join(" ");
}

export function renderTasks(ws: WorkspaceState, width: number): string {
  const widths = [8, Math.max(10, width - 64), 18, 14, 20];
  const head = columns(["REQ", "TITLE", "STATUS", "OWNER", "ATTEMPTS"], widths);
  const rows = ws.tasks.map((task) =>
    columns([task.id, task.title, task.status, task.owner ?? "-", Object.entries(task.attempts).map(([k, v]) => `${k}:${v}`).join(" ")], widths),
  );
  return escapeTags(["Tasks (t to close)", "", head, ...rows].join("\n"));
}

export function renderMatrix(ws: WorkspaceState, width: number, style: Styler): string {
  const widths = [8, Math.max(10, width - 76), 20, 20, 7, 7, 8];
  const lines = ["Traceability matrix (x to close)", "", escapeTags(columns(["REQ", "TITLE", "TESTS", "CODE", "RED", "GREEN", "REVIEW"], widths))];
  for (const task of ws.tasks) {
    const row = ws.matrix.get(task.id);
    const gate = (cell: { passed: boolean } | undefined, index: number): string => {
      const text = escapeTags(fitToWidth(cell ? (cell.passed ? "pass" : "FAIL") : "-", widths[index]!));
      return cell ? style.colour(text, cell.passed ? "green" : "red") : text;
    };
    const review = row?.review ? (row.review.verdict === "approve" ? "approved" : "changes") : "-";
    const plain = escapeTags(columns([task.id, task.title, [...(row?.tests ?? [])].join(",") || "-", [...(row?.code ?? [])].join(",") || "-"], widths.slice(0, 4)));
    lines.push(`${plain} ${gate(row?.red, 4)} ${gate(row?.green, 5)} ${escapeTags(fitToWidth(review, widths[6]!))}`);
  }
  return lines.join("\n");
}

export function renderInbox(ws: WorkspaceState, selected: number, style: Styler): string {
  const lines = ["Inbox (Enter answer, a approve, r reject with a note, n to close)", ""];
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

export function renderModal(modal: Modal, style: Styler): string {
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
      return `${escapeTags(modal.label)} (Enter send, Esc cancel)\n> ${escapeTags(sanitize(modal.text))}_`;
  }
}

export function renderStatus(ws: WorkspaceState, nowMs: number, width: number): string {
  const approved = ws.tasks.filter((task) => task.status === "approved").length;
  const elapsed = ws.durationMs ?? (ws.startedAtMs ? Math.max(0, nowMs - ws.startedAtMs) : 0);
  const state = ws.runState === "finished" ? `done: ${ws.outcome ?? ""}` : ws.runState;
  const figures = `${state} | ${approved}/${ws.tasks.length} approved | ${formatDuration(Math.floor(elapsed / 1000) * 1000)} | ${formatTokens(ws.tokens)} tok | ${formatCost(ws.costUsd)} | inbox ${ws.inbox.length}`;
  // The project name goes last: at 80 columns it is the part that may be cut, never the key hints.
  const hints = width >= 120 ? "? help q quit n inbox t tasks x matrix h handoff" : "? help";
  return fitToWidth(sanitize(`${figures} | ${hints} | ${ws.project}`), width);
}
