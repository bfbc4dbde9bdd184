import { widthOf } from "./text-fit.js";

export interface ColumnSpec {
  head: string;
  /** Never narrower than this, even when the row overflows. */
  min: number;
}

/**
 * Widths for a table `total` columns wide (one space between columns): each column as wide as its
 * widest cell, then the widest column gives up space until the row fits, so short columns stay whole.
 */
export function columnWidths(specs: ColumnSpec[], rows: string[][], total: number): number[] {
  const widths = specs.map((spec, index) => Math.max(spec.min, widthOf(spec.head), ...rows.map((row) => widthOf(row[index] ?? ""))));
  let overflow = widths.reduce((sum, width) => sum + width, 0) + specs.length - 1 - total;
  while (overflow > 0) {
    let widest = -1;
    widths.forEach((width, index) => {
      if (width > specs[index]!.min && (widest < 0 || width > widths[widest]!)) widest = index;
    });
    if (widest < 0) break;
    widths[widest]!--;
    overflow--;
  }
  return widths;
}
