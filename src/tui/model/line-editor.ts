import type { KeyPress } from "./ui-state.js";

/** Text being typed and the cursor in it, counted in code points so an emoji is one step. */
export interface EditedText {
  text: string;
  cursor: number;
}

const chars = (text: string): string[] => Array.from(text);

export function insertText(edit: EditedText, inserted: string): void {
  const all = chars(edit.text);
  const added = chars(inserted.replace(/\r\n?/g, "\n"));
  all.splice(edit.cursor, 0, ...added);
  edit.text = all.join("");
  edit.cursor += added.length;
}

/** Where the word before `cursor` starts: spaces first, then the word, as readline's Ctrl-W. */
function wordStart(all: string[], cursor: number): number {
  let at = cursor;
  while (at > 0 && /\s/.test(all[at - 1]!)) at--;
  while (at > 0 && !/\s/.test(all[at - 1]!)) at--;
  return at;
}

function wordEnd(all: string[], cursor: number): number {
  let at = cursor;
  while (at < all.length && /\s/.test(all[at]!)) at++;
  while (at < all.length && !/\s/.test(all[at]!)) at++;
  return at;
}

/** The usual readline keys; returns false for a key it does not edit with (Enter, Esc, ...). */
export function editKey(edit: EditedText, key: KeyPress): boolean {
  const all = chars(edit.text);
  const cut = (from: number, to: number): void => {
    all.splice(from, to - from);
    edit.text = all.join("");
    edit.cursor = from;
  };
  const name = key.name;
  if (key.ctrl) {
    if (name === "a") edit.cursor = 0;
    else if (name === "e") edit.cursor = all.length;
    else if (name === "b") edit.cursor = Math.max(0, edit.cursor - 1);
    else if (name === "f") edit.cursor = Math.min(all.length, edit.cursor + 1);
    else if (name === "u") cut(0, edit.cursor);
    else if (name === "k") cut(edit.cursor, all.length);
    else if (name === "w") cut(wordStart(all, edit.cursor), edit.cursor);
    else if (name === "h") cut(Math.max(0, edit.cursor - 1), edit.cursor);
    else if (name === "d") cut(edit.cursor, Math.min(all.length, edit.cursor + 1));
    else if (name === "left") edit.cursor = wordStart(all, edit.cursor);
    else if (name === "right") edit.cursor = wordEnd(all, edit.cursor);
    else return false;
    return true;
  }
  switch (name) {
    case "left":
      edit.cursor = Math.max(0, edit.cursor - 1);
      return true;
    case "right":
      edit.cursor = Math.min(all.length, edit.cursor + 1);
      return true;
    case "home":
      edit.cursor = 0;
      return true;
    case "end":
      edit.cursor = all.length;
      return true;
    case "backspace":
      cut(Math.max(0, edit.cursor - 1), edit.cursor);
      return true;
    case "delete":
      cut(edit.cursor, Math.min(all.length, edit.cursor + 1));
      return true;
  }
  const ch = key.ch;
  if (ch !== undefined && ch.length > 0 && ch >= " " && ch !== "\x7f" && name !== "return" && name !== "enter" && name !== "escape") {
    insertText(edit, ch);
    return true;
  }
  return false;
}
