import stringWidth from "string-width";

const segmenter = new Intl.Segmenter();
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
  return stringWidth(text);
}

/**
 * Cuts `text` into rows of at most `width` columns, measured with Unicode 11 widths so wide
 * characters never push a border.
 */
export function wrapToWidth(text: string, width: number): string[] {
  if (width <= 0) return [];
  if (PRINTABLE_ASCII.test(text)) {
    if (text.length <= width) return [text];
    const rows: string[] = [];
    for (let start = 0; start < text.length; start += width) rows.push(text.slice(start, start + width));
    return rows;
  }
  const rows: string[] = [];
  let row = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width) {
      rows.push(row);
      row = "";
      used = 0;
    }
    row += segment;
    used += w;
  }
  rows.push(row);
  return rows;
}

/** Exactly `width` columns: truncated or padded with spaces. */
export function fitToWidth(text: string, width: number): string {
  if (width <= 0) return "";
  if (PRINTABLE_ASCII.test(text)) return text.length >= width ? text.slice(0, width) : text + " ".repeat(width - text.length);
  const first = wrapToWidth(text, width)[0] ?? "";
  return first + " ".repeat(Math.max(0, width - stringWidth(first)));
}
