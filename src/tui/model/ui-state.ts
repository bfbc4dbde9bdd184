/** One key as the terminal reported it. */
export interface KeyPress {
  name?: string;
  ch?: string;
  shift?: boolean;
  ctrl?: boolean;
}

export type View = "panes" | "tasks" | "matrix" | "inbox" | "diff";

export interface HandoffChoice {
  label: string;
  agent: string;
  send: boolean;
  prompt: string;
}

export type InputPurpose = "search" | "message" | "handoff" | "answer" | "reject" | "deny";

export type Modal =
  | { kind: "help" }
  | { kind: "quit-confirm" }
  | { kind: "cancel-confirm"; agent: string }
  | { kind: "inbox-detail"; id: string }
  | { kind: "handoff-menu"; from: string; choices: HandoffChoice[]; selected: number }
  | { kind: "agent-picker"; from: string; agents: string[]; selected: number }
  | {
      kind: "input";
      purpose: InputPurpose;
      label: string;
      text: string;
      cursor: number;
      agent?: string;
      from?: string;
      inboxId?: string;
      /** In a message box: the key of the agent's pane, whose queued messages it lists. */
      pane?: string;
      /** In a message box: the queued message picked with Up, which Esc withdraws. */
      queuedId?: string;
    };

/** What the renderer last showed of a pane, in absolute line numbers (`LineBuffer.pushed` based). */
export interface PaneViewport {
  top: number;
  bottom: number;
  /** The newest line is on screen. */
  atEnd: boolean;
  rows: number;
}

export interface SearchState {
  query: string;
  /** Absolute line number of the current match, if any. */
  match?: number;
  index: number;
  total: number;
}

export interface DiffView {
  title: string;
  lines: string[];
  /** First shown line. */
  top: number;
  loading: boolean;
  /** The view to go back to when the diff closes. */
  back: View;
}

export interface UiState {
  view: View;
  focus: number;
  /** The requirement whose lane the panes show (parallel runs); absent = the first lane still running. */
  laneFocus?: string;
  zoomed: boolean;
  /** Per agent: the absolute number of the first shown line while scrolled up; absent = following the stream. */
  scroll: Map<string, number>;
  /** Written by the renderer each frame, read by scrolling keys. */
  viewport: Map<string, PaneViewport>;
  expanded: Set<string>;
  search: Map<string, SearchState>;
  /** The selected inbox item, by id so that new items never move the selection. */
  inboxSelectedId?: string;
  /** Where the selection was, for when its item goes away. */
  inboxSelected: number;
  modal: Modal | null;
  diff?: DiffView;
  /** The matrix view's first shown line, when its wrapped rows are taller than the screen. */
  matrixTop: number;
  /** Where the report key last wrote the report, shown whole in the matrix view. */
  reportPath?: string;
  /** Set by the renderer while the terminal is too small: keys then do nothing but quit. */
  tooSmall: boolean;
  /** Bumped on every change so the renderer knows to redraw. */
  version: number;
}

export function createUiState(): UiState {
  return { view: "panes", focus: 0, zoomed: false, scroll: new Map(), viewport: new Map(), expanded: new Set(), search: new Map(), inboxSelected: 0, modal: null, tooSmall: false, version: 0, matrixTop: 0 };
}

/** What the person asked for, for start-workspace-ui to carry out through the controller. */
export type UiAction =
  | { kind: "pause" }
  /** Write the HTML report of the project's state and say where it went. */
  | { kind: "report" }
  | { kind: "resume" }
  | { kind: "cancel"; agent: string; lane?: string }
  | { kind: "message"; agent: string; text: string; lane?: string }
  | { kind: "withdraw"; id: string }
  | { kind: "handoff"; from: string; to: string; prompt: string; lane?: string }
  | { kind: "answer"; id: string; text: string }
  | { kind: "approve"; id: string }
  | { kind: "reject"; id: string; note: string }
  | { kind: "skip"; id: string }
  | { kind: "diff"; requirement: string }
  | { kind: "allow"; id: string; scope: "once" | "session" }
  | { kind: "deny"; id: string; note: string }
  | { kind: "quit" };
