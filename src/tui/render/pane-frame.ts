import type { AgentPane } from "../model/workspace-state.js";
import type { PaneViewport, SearchState } from "../model/ui-state.js";
import { formatCost, formatElapsed, formatTokens } from "../model/format.js";
import { todoProgress } from "../../domain/todo.js";
import { fitToWidth, sanitize, widthOf, wrapToWidth } from "./text-fit.js";
import { LINE_COLOURS, type BorderChars, type Colour, type Styler } from "./style.js";

export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === "{" ? "{open}" : "{close}"));
}

export interface PaneView {
  index: number;
  focused: boolean;
  /** Absolute number of the first line to show; undefined follows the stream. */
  scrollTop: number | undefined;
  expanded: boolean;
  search?: SearchState | undefined;
  /** The model is named only when the panes do not all share one, or the pane is zoomed. */
  showModel: boolean;
  nowMs: number;
}

/**
 * What the pane is and what it is doing, most telling part first: a narrow pane cuts the title at a
 * part boundary, so name and state always show and model and role go last.
 */
function title(pane: AgentPane, view: PaneView, width: number): string {
  const activity = pane.activity === "running" && pane.tool ? `running ${pane.tool}` : pane.activity;
  const busy = pane.activity === "thinking" || pane.activity === "running" || pane.activity === "waiting";
  const elapsed = busy && pane.turnStartedAtMs !== undefined ? ` ${formatElapsed(Math.max(0, view.nowMs - pane.turnStartedAtMs))}` : "";
  const todos = pane.todos?.length ? `todo ${todoProgress(pane.todos)}` : "";
  const parts = [`${view.index + 1} ${pane.name}${pane.lane ? ` ${pane.lane}` : ""}`, `${activity}${elapsed}`, todos, `${pane.turns} ${pane.turns === 1 ? "turn" : "turns"}`, formatTokens(pane.tokens), formatCost(pane.costUsd, pane.costUnknown), view.showModel ? pane.model : "", pane.role === pane.name ? "" : pane.role];
  let text = "";
  for (const part of parts) {
    if (!part) continue;
    const next = text ? `${text} | ${part}` : part;
    if (widthOf(next) + 2 > width) break;
    text = next;
  }
  return text ? ` ${text} ` : "";
}

type Row = { text: string; colour: Colour | undefined; line: number };

function rowsOf(pane: AgentPane, index: number, view: PaneView, width: number): Row[] {
  const line = pane.lines.at(index)!;
  const colour = LINE_COLOURS[line.kind];
  const absolute = pane.lines.pushed - pane.lines.length + index;
  const rows: Row[] = wrapToWidth(sanitize(line.text), width).map((text) => ({ text, colour, line: absolute }));
  if (view.expanded && line.detail) {
    for (const detailLine of line.detail.split("\n").slice(-8)) rows.push(...wrapToWidth(`  ${sanitize(detailLine)}`, width).map((text) => ({ text, colour: "gray" as const, line: absolute })));
  }
  return rows;
}

/** The newest rows that fit, newest last. */
function rowsFromEnd(pane: AgentPane, view: PaneView, width: number, height: number): Row[] {
  const rows: Row[] = [];
  for (let index = pane.lines.length - 1; index >= 0 && rows.length < height; index--) rows.unshift(...rowsOf(pane, index, view, width).slice(-(height - rows.length)));
  return rows;
}

/**
 * Rows for the visible window: from the pinned first line down, as less shows a page; when that page
 * would reach past the newest line it shows the last full page instead, never a half-empty one.
 */
function visibleRows(pane: AgentPane, view: PaneView, width: number, height: number): { rows: Row[]; atEnd: boolean } {
  if (view.scrollTop === undefined) return { rows: rowsFromEnd(pane, view, width, height), atEnd: true };
  const base = pane.lines.pushed - pane.lines.length;
  const rows: Row[] = [];
  let index = Math.max(0, view.scrollTop - base);
  for (; index < pane.lines.length && rows.length < height; index++) rows.push(...rowsOf(pane, index, view, width));
  if (rows.length < height && index >= pane.lines.length) return { rows: rowsFromEnd(pane, view, width, height), atEnd: true };
  return { rows: rows.slice(0, height), atEnd: index >= pane.lines.length && rows.length <= height };
}

function bottomLabel(pane: AgentPane, view: PaneView, viewport: PaneViewport): string {
  const parts: string[] = [];
  const below = pane.lines.pushed - 1 - viewport.bottom;
  if (view.scrollTop !== undefined && below > 0) parts.push(`${below} new ${below === 1 ? "line" : "lines"} below, G follows`);
  if (view.search) parts.push(view.search.total === 0 ? `no match for "${view.search.query}"` : `match ${view.search.index}/${view.search.total}, n/N`);
  return parts.length ? ` ${parts.join(" | ")} ` : "";
}

const QUEUED_ROWS = 3;

/** The person's messages waiting for the agent's next turn boundary, pinned under its lines, oldest first. */
function queuedRows(pane: AgentPane, width: number, room: number): string[] {
  if (pane.queued.length === 0 || room === 0) return [];
  const shown = Math.min(pane.queued.length, QUEUED_ROWS, room);
  const more = pane.queued.length - shown;
  return pane.queued.slice(0, shown).map((message, index) => {
    const rest = index === shown - 1 && more > 0 ? ` (+${more} more)` : "";
    return fitToWidth(sanitize(`queued: ${message.text.replace(/\s*\n\s*/g, " ")}`), Math.max(0, width - widthOf(rest))) + rest;
  });
}

/** The whole pane as tagged text, border included, every row exactly `width` columns wide, and what it showed. */
export function renderPaneFrame(pane: AgentPane, view: PaneView, width: number, height: number, border: BorderChars, style: Styler): { text: string; viewport: PaneViewport } {
  const inner = Math.max(0, width - 2);
  const edge = view.focused ? border.focus : border;
  const fullTitle = sanitize(title(pane, view, inner - 2));
  const titleText = fitToWidth(fullTitle, Math.max(0, Math.min(widthOf(fullTitle), inner - 2)));
  const used = 1 + widthOf(titleText);
  const top = `${edge.tl}${edge.h}${titleText}${edge.h.repeat(Math.max(0, inner - used))}${edge.tr}`;
  const activityColour = pane.activity === "error" || pane.activity === "blocked" ? "red" : view.focused ? "cyan" : undefined;
  const frameColour = (text: string): string => (activityColour ? style.colour(escapeTags(text), activityColour, view.focused) : escapeTags(text));
  const lines = [frameColour(top)];
  const queued = queuedRows(pane, inner, Math.max(0, height - 3));
  const bodyHeight = Math.max(0, height - 2 - queued.length);
  const shown = pane.lines.length === 0 ? { rows: [{ text: "waiting for work", colour: "gray" as const, line: -1 }], atEnd: true } : visibleRows(pane, view, inner, bodyHeight);
  const viewport: PaneViewport = { top: shown.rows[0]?.line ?? pane.lines.pushed, bottom: shown.rows.at(-1)?.line ?? pane.lines.pushed - 1, atEnd: shown.atEnd, rows: bodyHeight };
  const needle = view.search?.query.toLowerCase();
  for (let row = 0; row < bodyHeight; row++) {
    const content = shown.rows[row];
    const text = escapeTags(fitToWidth(content?.text ?? "", inner));
    const marked = needle && content?.text.toLowerCase().includes(needle) ? style.inverse(text) : content?.colour ? style.colour(text, content.colour) : text;
    lines.push(`${frameColour(edge.v)}${marked}${frameColour(edge.v)}`);
  }
  for (const row of queued) lines.push(`${frameColour(edge.v)}${style.colour(escapeTags(row), "cyan")}${frameColour(edge.v)}`);
  const label = fitToWidth(sanitize(bottomLabel(pane, view, viewport)), Math.max(0, Math.min(widthOf(bottomLabel(pane, view, viewport)), inner - 2)));
  lines.push(frameColour(`${edge.bl}${edge.h}${label}${edge.h.repeat(Math.max(0, inner - 1 - widthOf(label)))}${edge.br}`));
  return { text: lines.join("\n"), viewport };
}
