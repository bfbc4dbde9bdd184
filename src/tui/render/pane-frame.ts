import type { AgentPane } from "../model/workspace-state.js";
import { formatCost, formatTokens } from "../model/format.js";
import { fitToWidth, sanitize, widthOf, wrapToWidth } from "./text-fit.js";
import { LINE_COLOURS, type BorderChars, type Colour, type Styler } from "./style.js";

export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === "{" ? "{open}" : "{close}"));
}

export interface PaneView {
  index: number;
  focused: boolean;
  scroll: number;
  expanded: boolean;
  search?: string;
}

/**
 * What the pane is and what it is doing, most telling part first: a narrow pane cuts the title at a
 * part boundary, so name and state always show and model and role go first.
 */
function title(pane: AgentPane, view: PaneView, width: number): string {
  const activity = pane.activity === "running" && pane.tool ? `running ${pane.tool}` : pane.activity;
  const scrolled = view.scroll > 0 ? `[+${view.scroll}]` : "";
  const parts = [`${view.index + 1} ${pane.name}`, activity, scrolled, `t${pane.turns}`, formatTokens(pane.tokens), formatCost(pane.costUsd), pane.model, pane.role === pane.name ? "" : pane.role];
  let text = "";
  for (const part of parts) {
    if (!part) continue;
    const next = text ? `${text} | ${part}` : part;
    if (widthOf(next) + 2 > width) break;
    text = next;
  }
  return text ? ` ${text} ` : "";
}

/** Content rows (newest last) for the visible window of a pane, wrapped to `width`. */
function contentRows(pane: AgentPane, view: PaneView, width: number, height: number): { text: string; colour: Colour | undefined }[] {
  const rows: { text: string; colour: Colour | undefined }[] = [];
  for (let index = pane.lines.length - 1 - view.scroll; index >= 0 && rows.length < height; index--) {
    const line = pane.lines.at(index)!;
    const colour = LINE_COLOURS[line.kind];
    const pieces = wrapToWidth(sanitize(line.text), width).map((text) => ({ text, colour }));
    if (view.expanded && line.detail) {
      for (const detailLine of line.detail.split("\n").slice(-8)) pieces.push(...wrapToWidth(`  ${sanitize(detailLine)}`, width).map((text) => ({ text, colour: "gray" as const })));
    }
    rows.unshift(...pieces.slice(-(height - rows.length)));
  }
  return rows;
}

/** The whole pane as tagged text, border included, every row exactly `width` columns wide. */
export function renderPaneFrame(pane: AgentPane, view: PaneView, width: number, height: number, border: BorderChars, style: Styler): string {
  const inner = Math.max(0, width - 2);
  const h = view.focused ? border.focusH : border.h;
  const fullTitle = sanitize(title(pane, view, inner - 2));
  const titleText = fitToWidth(fullTitle, Math.max(0, Math.min(widthOf(fullTitle), inner - 2)));
  const used = 1 + widthOf(titleText);
  const top = `${border.tl}${h}${titleText}${h.repeat(Math.max(0, inner - used))}${border.tr}`;
  const topTagged = view.focused ? style.colour(escapeTags(top), "cyan", true) : escapeTags(top);
  const activityColour = pane.activity === "error" || pane.activity === "blocked" ? "red" : undefined;
  const lines = [activityColour ? style.colour(escapeTags(top), "red", view.focused) : topTagged];
  const bodyHeight = Math.max(0, height - 2);
  const rows = pane.lines.length === 0 ? [{ text: "waiting for work", colour: "gray" as const }] : contentRows(pane, view, inner, bodyHeight);
  const needle = view.search?.toLowerCase();
  for (let row = 0; row < bodyHeight; row++) {
    // Rows fill from the top; once the pane is full, the newest row sits at the bottom.
    const content = rows[row];
    const text = escapeTags(fitToWidth(content?.text ?? "", inner));
    const marked = needle && content?.text.toLowerCase().includes(needle) ? style.inverse(text) : content?.colour ? style.colour(text, content.colour) : text;
    lines.push(`${border.v}${marked}${border.v}`);
  }
  lines.push(`${border.bl}${h.repeat(inner)}${border.br}`);
  return lines.join("\n");
}
