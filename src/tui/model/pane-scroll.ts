import type { AgentPane } from "./workspace-state.js";
import type { UiState } from "./ui-state.js";

/** Absolute number (counted over every line ever pushed) of the oldest line still kept. */
export function firstLine(pane: AgentPane): number {
  return pane.lines.pushed - pane.lines.length;
}

/**
 * Scrolls like less: the view is pinned to its first line, so lines arriving below do not move it;
 * scrolling down onto the newest line follows the stream again. `delta` is in lines, negative is up.
 */
export function scrollPane(ui: UiState, pane: AgentPane, delta: number): void {
  const viewport = ui.viewport.get(pane.key);
  const scrolled = ui.scroll.get(pane.key);
  const base = firstLine(pane);
  if (delta < 0) {
    if (scrolled === undefined && (!viewport || (viewport.top <= base && viewport.atEnd))) return;
    const from = scrolled ?? viewport?.top ?? pane.lines.pushed;
    ui.scroll.set(pane.key, Math.max(base, from + delta));
    return;
  }
  if (scrolled === undefined) return;
  if (viewport?.atEnd && viewport.top >= scrolled) {
    ui.scroll.delete(pane.key);
    return;
  }
  ui.scroll.set(pane.key, Math.min(pane.lines.pushed - 1, Math.max(base, scrolled) + delta));
}

export function scrollToTop(ui: UiState, pane: AgentPane): void {
  if (pane.lines.length > 0) ui.scroll.set(pane.key, firstLine(pane));
}

export function follow(ui: UiState, pane: AgentPane): void {
  ui.scroll.delete(pane.key);
}

/** Lines shown above the match, so it reads in context. */
const CONTEXT = 2;

/**
 * Finds `query` from the current match: "older" goes up (as a new search from the newest line does),
 * "newer" goes down; the view scrolls to the match and the search remembers which of how many it is.
 */
export function searchPane(ui: UiState, pane: AgentPane, query: string, direction: "older" | "newer" | "new"): void {
  if (!query) {
    ui.search.delete(pane.key);
    return;
  }
  const needle = query.toLowerCase();
  const base = firstLine(pane);
  const matches: number[] = [];
  for (let index = 0; index < pane.lines.length; index++) if (pane.lines.at(index)!.text.toLowerCase().includes(needle)) matches.push(base + index);
  const current = direction === "new" ? undefined : ui.search.get(pane.key)?.match;
  let match: number | undefined;
  if (current === undefined) match = matches.at(-1);
  else if (direction === "older") match = [...matches].reverse().find((line) => line < current) ?? current;
  else match = matches.find((line) => line > current) ?? current;
  const state = { query, index: match === undefined ? 0 : matches.indexOf(match) + 1, total: matches.length, ...(match === undefined ? {} : { match }) };
  ui.search.set(pane.key, state);
  if (match !== undefined) ui.scroll.set(pane.key, Math.max(base, match - CONTEXT));
}
