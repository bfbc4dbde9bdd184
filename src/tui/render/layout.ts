export const MIN_COLS = 80;
export const MIN_ROWS = 24;
/** Rows under the panes: the notice line and the status bar. */
export const STATUS_ROWS = 2;

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Narrower panes wrap most model lines (80-120 characters) two or three times over. */
const MIN_PANE_COLS = 70;

/** A grid for `count` panes between `top` (rows taken above, the lanes) and the status bar: more columns on wider terminals. */
export function gridLayout(count: number, cols: number, rows: number, top = 0): Rect[] {
  if (count === 0) return [];
  const height = rows - STATUS_ROWS - top;
  const maxColumns = Math.max(1, Math.floor(cols / MIN_PANE_COLS));
  let columns = Math.min(count, maxColumns);
  while (Math.ceil(count / columns) * 4 > height && columns < count) columns++;
  const gridRows = Math.ceil(count / columns);
  const rects: Rect[] = [];
  for (let index = 0; index < count; index++) {
    const row = Math.floor(index / columns);
    const inRow = row === gridRows - 1 ? count - row * columns : columns;
    const col = index - row * columns;
    const left = Math.floor((col * cols) / inRow);
    const rowTop = Math.floor((row * height) / gridRows);
    rects.push({ left, top: top + rowTop, width: Math.floor(((col + 1) * cols) / inRow) - left, height: Math.floor(((row + 1) * height) / gridRows) - rowTop });
  }
  return rects;
}

/** Rows the panes keep under the lanes however many lanes run: two panes' borders and a few lines. */
export const MIN_PANE_ROWS = 9;
