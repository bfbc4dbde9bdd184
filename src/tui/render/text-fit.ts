let segmenter: Intl.Segmenter | undefined;

/** Creating a segmenter loads ICU's break tables (~25 ms): wait until some text is not plain ASCII. */
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter();
  return segmenter.segment(text);
}

/**
 * string-width takes ~40 ms to load (its emoji tables), a seventh of the start-up budget, and plain
 * ASCII never needs it: it is loaded only once some text is not ASCII. Until then a rough measure
 * stands in (East Asian wide blocks count two columns, combining marks none) and the screen redraws
 * once it loads.
 */
let measure: ((text: string) => number) | undefined;
let loading: Promise<void> | undefined;

export function loadWidthTables(): Promise<void> {
  loading ??= import("string-width").then((module) => {
    measure = module.default;
  });
  return loading;
}

/** True once some text needed the stand-in measure and the real tables are not loaded yet. */
let wanted = false;

export function widthTablesWanted(): boolean {
  return wanted && measure === undefined;
}

const WIDE = /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO_WIDTH = /^[\p{M}\u200b-\u200f]+$/u;

function roughWidth(text: string): number {
  wanted = true;
  let width = 0;
  for (const { segment } of graphemes(text)) width += ZERO_WIDTH.test(segment) ? 0 : WIDE.test(segment) ? 2 : 1;
  return width;
}

function stringWidth(text: string): number {
  return measure ? measure(text) : roughWidth(text);
}
/** Control characters and escape sequences from the model must never reach the terminal. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * blessed counts emoji as one column while terminals draw two, which shifts every border after one
 * (an open upstream bug); each pictograph is shown as a one-column mark instead.
 */
const PICTOGRAPH = /\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)*|[\u{1F1E6}-\u{1F1FF}]{1,2}/gu;

/** Most model output is plain ASCII, where a column is a character and no measuring is needed. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function sanitize(text: string): string {
  return text.replace(/\t/g, "  ").replace(CONTROL, "").replace(PICTOGRAPH, "\u25a1");
}

export function widthOf(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Where an ASCII row starting at `start` should end: after its last space, unless that wastes over half the row. */
function asciiBreak(text: string, start: number, width: number): number {
  const limit = start + width;
  if (text.charCodeAt(limit) === 32) return limit;
  const space = text.lastIndexOf(" ", limit - 1);
  return space > start + width / 2 ? space + 1 : limit;
}

/**
 * Cuts `text` into rows of at most `width` columns, between words where a row has room to, measured
 * with Unicode 11 widths so wide characters never push a border.
 */
export function wrapToWidth(text: string, width: number): string[] {
  if (width <= 0) return [];
  if (PRINTABLE_ASCII.test(text)) {
    if (text.length <= width) return [text];
    const rows: string[] = [];
    let start = 0;
    while (text.length - start > width) {
      const end = asciiBreak(text, start, width);
      rows.push(text.slice(start, end).trimEnd());
      start = text.charCodeAt(end) === 32 ? end + 1 : end;
    }
    rows.push(text.slice(start));
    return rows;
  }
  const rows: string[] = [];
  let row: string[] = [];
  let used = 0;
  /** Index in `row` just after its last space, and the width up to there. */
  let breakAt = -1;
  let breakUsed = 0;
  for (const { segment } of graphemes(text)) {
    const w = stringWidth(segment);
    if (used + w > width) {
      if (segment === " ") {
        rows.push(row.join(""));
        row = [];
        used = 0;
        breakAt = -1;
        continue;
      }
      const wrapWord = breakAt > 0 && breakUsed > width / 2;
      const carried = wrapWord ? row.slice(breakAt) : [];
      rows.push((wrapWord ? row.slice(0, breakAt) : row).join("").trimEnd());
      row = carried;
      used = wrapWord ? used - breakUsed : 0;
      breakAt = -1;
    }
    row.push(segment);
    used += w;
    if (segment === " ") {
      breakAt = row.length;
      breakUsed = used;
    }
  }
  rows.push(row.join(""));
  return rows;
}

/** Exactly `width` columns: truncated or padded with spaces. */
export function fitToWidth(text: string, width: number): string {
  if (width <= 0) return "";
  if (PRINTABLE_ASCII.test(text)) return text.length >= width ? text.slice(0, width) : text + " ".repeat(width - text.length);
  let row = "";
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    row += segment;
    used += w;
  }
  return row + " ".repeat(width - used);
}

/** Like fitToWidth, but a line that does not fit says so with "..." (ASCII: every terminal draws it). */
export function fitWithEllipsis(text: string, width: number): string {
  if (width < 4 || widthOf(text) <= width) return fitToWidth(text, width);
  return fitToWidth(`${fitToWidth(text, width - 3).trimEnd()}...`, width);
}
