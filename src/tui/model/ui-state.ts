export type View = "panes" | "tasks" | "matrix" | "inbox";

export interface HandoffChoice {
  label: string;
  agent: string;
  send: boolean;
  prompt: string;
}

export type Modal =
  | { kind: "help" }
  | { kind: "quit-confirm" }
  | { kind: "handoff-menu"; from: string; choices: HandoffChoice[]; selected: number }
  | { kind: "agent-picker"; from: string; agents: string[]; selected: number }
  | { kind: "input"; purpose: "search" | "message" | "handoff" | "answer" | "reject"; label: string; text: string; agent?: string; from?: string; inboxId?: string };

export interface UiState {
  view: View;
  focus: number;
  zoomed: boolean;
  /** Lines scrolled up from the bottom, per agent (0 = following the stream). */
  scroll: Map<string, number>;
  expanded: Set<string>;
  search: Map<string, string>;
  inboxSelected: number;
  modal: Modal | null;
  /** Bumped on every change so the renderer knows to redraw. */
  version: number;
}

export function createUiState(): UiState {
  return { view: "panes", focus: 0, zoomed: false, scroll: new Map(), expanded: new Set(), search: new Map(), inboxSelected: 0, modal: null, version: 0 };
}

/** What the person asked for, for start-workspace-ui to carry out through the controller. */
export type UiAction =
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "cancel"; agent: string }
  | { kind: "message"; agent: string; text: string }
  | { kind: "handoff"; from: string; to: string; prompt: string }
  | { kind: "answer"; id: string; text: string }
  | { kind: "approve"; id: string }
  | { kind: "reject"; id: string; note: string }
  | { kind: "allow"; id: string; scope: "once" | "session" }
  | { kind: "deny"; id: string; note: string }
  | { kind: "quit" };
