import type { LineKind } from "../model/workspace-state.js";

export type Colour = "red" | "green" | "yellow" | "cyan" | "magenta" | "gray" | "white";

/** Wraps already-escaped text in blessed colour tags, or leaves it plain when colour is off. */
export interface Styler {
  colour(text: string, colour: Colour, bold?: boolean): string;
  inverse(text: string): string;
}

export function createStyler(useColour: boolean): Styler {
  return {
    colour: (text, colour, bold) => (useColour ? `{${colour}-fg}${bold ? "{bold}" : ""}${text}${bold ? "{/bold}" : ""}{/${colour}-fg}` : text),
    inverse: (text) => `{inverse}${text}{/inverse}`,
  };
}

export const LINE_COLOURS: Partial<Record<LineKind, Colour>> = {
  prompt: "cyan",
  tool: "yellow",
  "tool-error": "red",
  "gate-pass": "green",
  "gate-fail": "red",
  error: "red",
  info: "magenta",
};

interface BorderLines {
  h: string;
  v: string;
  tl: string;
  tr: string;
  bl: string;
  br: string;
}

/** The frame's lines, and a whole set of heavier ones for the focused pane (never heavy and light mixed). */
export interface BorderChars extends BorderLines {
  focus: BorderLines;
}

export const UNICODE_BORDER: BorderChars = { h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘", focus: { h: "━", v: "┃", tl: "┏", tr: "┓", bl: "┗", br: "┛" } };
export const ASCII_BORDER: BorderChars = { h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+", focus: { h: "=", v: "#", tl: "#", tr: "#", bl: "#", br: "#" } };
