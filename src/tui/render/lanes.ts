import type { LaneRow } from "../model/lanes.js";
import type { MergeQueueEntry } from "../model/workspace-state.js";
import { formatCost, formatElapsed, formatTokens } from "../model/format.js";
import { columnWidths, type ColumnSpec } from "./column-widths.js";
import { escapeTags } from "./pane-frame.js";
import { fitToWidth, fitWithEllipsis, sanitize, widthOf } from "./text-fit.js";
import type { Colour, Styler } from "./style.js";

/** No header row (at 80x24 every row counts): each cell says what it is, `#2` an attempt, `tok` tokens. */
const LANE_COLUMNS: ColumnSpec[] = [
  { head: "", min: 1 },
  { head: "", min: 7 },
  { head: "", min: 6 },
  { head: "", min: 9 },
  { head: "", min: 6 },
  { head: "", min: 2 },
  { head: "", min: 5 },
  { head: "", min: 6 },
  { head: "", min: 7 },
];

const OUTCOME_COLOURS: Record<NonNullable<LaneRow["outcome"]>, Colour> = { integrated: "green", blocked: "red", interrupted: "yellow" };

/** The queue in one line, next first: `merge queue: 1 REQ-003 integration gate, 2 REQ-001 queued`. */
export function queueLine(queue: readonly MergeQueueEntry[]): string {
  const waiting = queue.filter((entry) => entry.state !== "working");
  if (waiting.length === 0) return "merge queue: empty ([ ] switch lanes)";
  return `merge queue: ${waiting.map((entry, index) => `${index + 1} ${entry.requirement} ${entry.state === "gate" ? "integration gate" : entry.state}`).join(", ")}`;
}

/** One line per lane, the focused one marked `>`, then the merge queue's line: `rows.length + 1` lines of `width` columns. */
export function renderLanes(rows: readonly LaneRow[], queue: readonly MergeQueueEntry[], width: number, style: Styler): string {
  const cells = rows.map((row) => [
    row.focused ? ">" : " ",
    row.requirement,
    row.title,
    row.stage,
    row.agent,
    row.attempt === undefined ? "" : `#${row.attempt}`,
    formatElapsed(row.elapsedMs),
    formatCost(row.costUsd, row.costUnknown),
    `${formatTokens(row.tokens)} tok`,
  ]);
  // The title takes what the other columns leave, up to its own width: it is the one cell a person can do without.
  const widths = columnWidths(LANE_COLUMNS, cells.map((row) => row.map((cell, index) => (index === 2 ? "" : cell))), width);
  const left = width - widths.reduce((sum, w, index) => (index === 2 ? sum : sum + w), 0) - (widths.length - 1);
  widths[2] = Math.max(LANE_COLUMNS[2]!.min, Math.min(left, Math.max(0, ...cells.map((row) => widthOf(row[2]!)))));
  const lines = rows.map((row, index) => {
    const text = escapeTags(fitToWidth(cells[index]!.map((cell, column) => fitToWidth(sanitize(cell), widths[column]!)).join(" "), width));
    if (row.outcome) return style.colour(text, OUTCOME_COLOURS[row.outcome], row.focused);
    return row.focused ? style.colour(text, "cyan", true) : text;
  });
  lines.push(escapeTags(fitWithEllipsis(sanitize(queueLine(queue)), width)));
  return lines.join("\n");
}
