import { allPanes, type AgentPane, type WorkspaceState } from "./workspace-state.js";
import { focusedLane, moveLaneFocus, shownPanes, showsLanes } from "./lanes.js";
import type { HandoffChoice, KeyPress, Modal, UiAction, UiState, View } from "./ui-state.js";
import { editKey, insertText } from "./line-editor.js";
import { inboxKind } from "./inbox-kinds.js";
import { moveInboxSelection, selectedInbox } from "./inbox-selection.js";
import { follow, scrollPane, scrollToTop, searchPane } from "./pane-scroll.js";

export type { KeyPress } from "./ui-state.js";

/** Why the person cannot message or hand off to an agent right now, asked before a dialog opens; undefined when they can. */
export type ConversationCheck = (agent: string, purpose: "message" | "handoff") => string | undefined;

const isEnter = (key: KeyPress): boolean => key.name === "return" || key.name === "enter";

function focusedPane(ws: WorkspaceState, ui: UiState): AgentPane | undefined {
  return shownPanes(ws, ui)[ui.focus];
}

export function isBusy(pane: AgentPane): boolean {
  return pane.activity === "thinking" || pane.activity === "running" || pane.activity === "waiting";
}

function inputModal(purpose: Extract<Modal, { kind: "input" }>["purpose"], label: string, text: string, extra: { agent?: string; from?: string; inboxId?: string; pane?: string } = {}): Modal {
  return { kind: "input", purpose, label, text, cursor: Array.from(text).length, ...extra };
}

/** The lane the person is looking at, for an action on one of its agents (the same agent works in every lane). */
function laneOf(ws: WorkspaceState, ui: UiState): { lane?: string } {
  const lane = focusedLane(ws, ui);
  return lane ? { lane: lane.requirement } : {};
}

function submitInput(ws: WorkspaceState, ui: UiState, modal: Extract<Modal, { kind: "input" }>): UiAction[] {
  ui.modal = null;
  const text = modal.text.trim();
  switch (modal.purpose) {
    case "search": {
      const pane = shownPanes(ws, ui).find((candidate) => candidate.key === modal.agent);
      if (pane) searchPane(ui, pane, text, "new");
      return [];
    }
    case "message":
      return text && modal.agent ? [{ kind: "message", agent: modal.agent, text, ...laneOf(ws, ui) }] : [];
    case "handoff":
      return text && modal.agent && modal.from ? [{ kind: "handoff", from: modal.from, to: modal.agent, prompt: text, ...laneOf(ws, ui) }] : [];
    case "answer":
      return text && modal.inboxId ? [{ kind: "answer", id: modal.inboxId, text }] : [];
    case "reject":
      return modal.inboxId ? [{ kind: "reject", id: modal.inboxId, note: text }] : [];
    case "deny":
      return modal.inboxId ? [{ kind: "deny", id: modal.inboxId, note: text }] : [];
  }
}

/** The messages queued for the agent a message box is for, oldest first. */
function queuedFor(ws: WorkspaceState, modal: Extract<Modal, { kind: "input" }>): AgentPane["queued"] {
  return modal.purpose === "message" ? (allPanes(ws).find((pane) => pane.key === modal.pane)?.queued ?? []) : [];
}

/** Up and Down pick a queued message in a message box (Down past the newest goes back to the text); Esc withdraws the picked one. */
function pickQueued(ws: WorkspaceState, modal: Extract<Modal, { kind: "input" }>, key: KeyPress): UiAction[] | undefined {
  const queued = queuedFor(ws, modal);
  const at = queued.findIndex((message) => message.id === modal.queuedId);
  if (at < 0) delete modal.queuedId;
  if (key.name === "up" && queued.length > 0) modal.queuedId = queued[at < 0 ? queued.length - 1 : Math.max(0, at - 1)]!.id;
  else if (key.name === "down" && at >= 0) {
    if (at + 1 < queued.length) modal.queuedId = queued[at + 1]!.id;
    else delete modal.queuedId;
  } else if (key.name === "escape" && at >= 0) {
    delete modal.queuedId;
    return [{ kind: "withdraw", id: queued[at]!.id }];
  } else return undefined;
  return [];
}

function handleInput(ws: WorkspaceState, ui: UiState, modal: Extract<Modal, { kind: "input" }>, key: KeyPress): UiAction[] {
  const picked = modal.purpose === "message" ? pickQueued(ws, modal, key) : undefined;
  if (picked) return picked;
  if (key.name === "escape") ui.modal = null;
  else if (isEnter(key)) return submitInput(ws, ui, modal);
  else editKey(modal, key);
  return [];
}

function choose(ws: WorkspaceState, ui: UiState, choice: HandoffChoice, from: string): UiAction[] {
  if (choice.agent === "") {
    ui.modal = { kind: "agent-picker", from, agents: ws.panes.map((pane) => pane.name).filter((name) => name !== from), selected: 0 };
    return [];
  }
  if (choice.send) {
    ui.modal = null;
    return [{ kind: "handoff", from, to: choice.agent, prompt: choice.prompt || choice.label, ...laneOf(ws, ui) }];
  }
  ui.modal = inputModal("handoff", `Handoff ${from} -> ${choice.agent}`, choice.prompt || choice.label, { agent: choice.agent, from });
  return [];
}

function handleMenu(ws: WorkspaceState, ui: UiState, modal: Extract<Modal, { kind: "handoff-menu" | "agent-picker" }>, key: KeyPress, check: ConversationCheck): UiAction[] {
  const count = modal.kind === "handoff-menu" ? modal.choices.length : modal.agents.length;
  const digit = key.ch && /^[1-9]$/.test(key.ch) && Number(key.ch) <= count;
  if (key.name === "escape" || key.ch === "q") ui.modal = null;
  else if (key.name === "up" || key.ch === "k") modal.selected = (modal.selected + count - 1) % count;
  else if (key.name === "down" || key.ch === "j") modal.selected = (modal.selected + 1) % count;
  else if (digit) modal.selected = Number(key.ch) - 1;
  if (!digit && !isEnter(key)) return [];
  const to = modal.kind === "handoff-menu" ? modal.choices[modal.selected]?.agent : modal.agents[modal.selected];
  const refusal = to ? check(to, "handoff") : undefined;
  if (refusal) {
    ui.modal = null;
    ws.notice = { level: "warn", text: refusal };
    return [];
  }
  if (modal.kind === "handoff-menu") {
    const choice = modal.choices[modal.selected];
    return choice ? choose(ws, ui, choice, modal.from) : [];
  }
  if (to) ui.modal = inputModal("handoff", `Handoff ${modal.from} -> ${to}`, "", { agent: to, from: modal.from });
  return [];
}

/** Keys of the selected inbox item's kind, in the list and in its detail view alike. */
function inboxItemKey(ws: WorkspaceState, ui: UiState, key: KeyPress, id?: string): UiAction[] | undefined {
  const item = id === undefined ? selectedInbox(ws, ui) : ws.inbox.find((candidate) => candidate.id === id);
  if (!item) return undefined;
  const bound = inboxKind(item).keys.find((candidate) => candidate.key === key.ch);
  if (!bound) return undefined;
  const result = bound.act(item);
  if ("modal" in result) {
    ui.modal = result.modal;
    return [];
  }
  ui.modal = null;
  return [result.action];
}

function handleInboxView(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] | undefined {
  if (key.name === "up" || key.ch === "k") moveInboxSelection(ws, ui, -1);
  else if (key.name === "down" || key.ch === "j") moveInboxSelection(ws, ui, 1);
  else if (isEnter(key)) {
    const item = selectedInbox(ws, ui);
    if (item) ui.modal = { kind: "inbox-detail", id: item.id };
  } else return inboxItemKey(ws, ui, key);
  return [];
}

function handleDiffView(ui: UiState, key: KeyPress): boolean {
  const diff = ui.diff;
  if (!diff) return false;
  const page = 10;
  const last = Math.max(0, diff.lines.length - 1);
  if (key.name === "escape" || key.ch === "q" || key.ch === "d") {
    ui.view = diff.back;
    delete ui.diff;
  } else if (key.name === "up" || key.ch === "k") diff.top = Math.max(0, diff.top - 1);
  else if (key.name === "down" || key.ch === "j") diff.top = Math.min(last, diff.top + 1);
  else if (key.name === "pageup" || key.ch === "b") diff.top = Math.max(0, diff.top - page);
  else if (key.name === "pagedown" || key.ch === " ") diff.top = Math.min(last, diff.top + page);
  else if (key.ch === "g") diff.top = 0;
  else if (key.ch === "G") diff.top = last;
  return true;
}

/** The matrix view's own keys: scrolling its wrapped rows, and writing the report. */
function handleMatrixView(ui: UiState, key: KeyPress): UiAction[] | undefined {
  const page = 10;
  if (key.ch === "r") return [{ kind: "report" }];
  if (key.name === "up" || key.ch === "k") ui.matrixTop = Math.max(0, ui.matrixTop - 1);
  else if (key.name === "down" || key.ch === "j") ui.matrixTop++;
  else if (key.name === "pageup") ui.matrixTop = Math.max(0, ui.matrixTop - page);
  else if (key.name === "pagedown" || key.ch === " ") ui.matrixTop += page;
  else if (key.ch === "g") ui.matrixTop = 0;
  else return undefined;
  return [];
}

/** Keys that work in every view: help, quit, pause, switching views, focusing a pane. */
function handleGlobal(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] | undefined {
  const toggle = (view: View): UiAction[] => {
    ui.view = ui.view === view ? "panes" : view;
    return [];
  };
  switch (key.ch) {
    case "?":
      ui.modal = { kind: "help" };
      return [];
    case "q": {
      const busy = ws.runState !== "finished" && allPanes(ws).some(isBusy);
      if (busy) {
        ui.modal = { kind: "quit-confirm" };
        return [];
      }
      return [{ kind: "quit" }];
    }
    case "t":
      return toggle("tasks");
    case "x":
      return toggle("matrix");
    case "i":
      return toggle("inbox");
    case "p":
      return [{ kind: ws.runState === "paused" ? "resume" : "pause" }];
    case "[":
    case "]":
      if (!showsLanes(ws)) return undefined;
      moveLaneFocus(ws, ui, key.ch === "[" ? -1 : 1);
      ui.view = "panes";
      return [];
  }
  if (key.ch && /^[1-9]$/.test(key.ch) && Number(key.ch) <= shownPanes(ws, ui).length) {
    ui.focus = Number(key.ch) - 1;
    ui.view = "panes";
    return [];
  }
  if (key.name === "escape" && ui.view !== "panes") {
    ui.view = "panes";
    return [];
  }
  return undefined;
}

function askToCancel(ws: WorkspaceState, ui: UiState, pane: AgentPane): void {
  if (isBusy(pane)) ui.modal = { kind: "cancel-confirm", agent: pane.name };
  else ws.notice = { level: "info", text: `${pane.name} has no turn running to cancel` };
}

function handlePanes(ws: WorkspaceState, ui: UiState, key: KeyPress, check: ConversationCheck): UiAction[] {
  const pane = focusedPane(ws, ui);
  const count = shownPanes(ws, ui).length;
  if (key.name === "tab") {
    if (count > 0) ui.focus = (ui.focus + (key.shift ? count - 1 : 1)) % count;
    return [];
  }
  if (isEnter(key) || key.ch === "z") {
    ui.zoomed = !ui.zoomed;
    return [];
  }
  if (!pane) return [];
  const rows = ui.viewport.get(pane.key)?.rows ?? 10;
  const refused = (purpose: "message" | "handoff"): boolean => {
    const refusal = check(pane.name, purpose);
    if (refusal) ws.notice = { level: "warn", text: refusal };
    return refusal !== undefined;
  };
  switch (key.name) {
    case "up":
      scrollPane(ui, pane, -1);
      return [];
    case "down":
      scrollPane(ui, pane, 1);
      return [];
    case "pageup":
      scrollPane(ui, pane, -Math.max(1, rows - 1));
      return [];
    case "pagedown":
      scrollPane(ui, pane, Math.max(1, rows - 1));
      return [];
    case "home":
      scrollToTop(ui, pane);
      return [];
    case "end":
      follow(ui, pane);
      return [];
    case "escape":
      askToCancel(ws, ui, pane);
      return [];
  }
  switch (key.ch) {
    case "g":
      scrollToTop(ui, pane);
      return [];
    case "G":
      follow(ui, pane);
      return [];
    case "c":
      askToCancel(ws, ui, pane);
      return [];
    case "e":
      if (ui.expanded.has(pane.key)) ui.expanded.delete(pane.key);
      else ui.expanded.add(pane.key);
      return [];
    case "/":
      ui.modal = inputModal("search", `Search ${pane.name}`, ui.search.get(pane.key)?.query ?? "", { agent: pane.key });
      return [];
    case "n":
    case "N": {
      const search = ui.search.get(pane.key);
      if (search) searchPane(ui, pane, search.query, key.ch === "n" ? "older" : "newer");
      else ws.notice = { level: "info", text: "no search in this pane: / to search" };
      return [];
    }
    case "d": {
      const requirement = pane.lane ?? pane.requirement ?? ws.tasks.find((task) => task.owner === pane.name)?.id;
      if (requirement) return [{ kind: "diff", requirement }];
      ws.notice = { level: "info", text: `${pane.name} has no requirement yet, so there is no diff to show` };
      return [];
    }
    case "m":
      if (!refused("message")) ui.modal = inputModal("message", isBusy(pane) ? `Message ${pane.name} (working: delivered after its current step)` : `Message ${pane.name}`, "", { agent: pane.name, pane: pane.key });
      return [];
    case "h": {
      if (ws.runState === "finished" && refused("handoff")) return [];
      const choices: HandoffChoice[] = pane.handoffs.map((handoff) => ({ label: handoff.label, agent: handoff.agent, send: handoff.send, prompt: handoff.prompt ?? "" }));
      choices.push({ label: "any agent...", agent: "", send: false, prompt: "" });
      ui.modal = { kind: "handoff-menu", from: pane.name, choices, selected: 0 };
      return [];
    }
  }
  return [];
}

function handleModal(ws: WorkspaceState, ui: UiState, modal: Modal, key: KeyPress, check: ConversationCheck): UiAction[] {
  switch (modal.kind) {
    case "input":
      return handleInput(ws, ui, modal, key);
    case "handoff-menu":
    case "agent-picker":
      return handleMenu(ws, ui, modal, key, check);
    case "quit-confirm":
      ui.modal = null;
      return key.ch === "y" || key.ch === "q" ? [{ kind: "quit" }] : [];
    case "cancel-confirm":
      ui.modal = null;
      return key.ch === "y" ? [{ kind: "cancel", agent: modal.agent, ...laneOf(ws, ui) }] : [];
    case "inbox-detail":
      if (key.name === "escape" || isEnter(key) || key.ch === "q") {
        ui.modal = null;
        return [];
      }
      return inboxItemKey(ws, ui, key, modal.id) ?? [];
    case "help":
      ui.modal = null;
      return [];
  }
}

/**
 * The whole keyboard, as a pure function of the state: it updates the UI state and returns what the
 * controller must be asked to do. A dialog takes every key while it is open; otherwise the view on
 * screen takes its own keys first, then the keys every view shares.
 */
export function handleKey(ws: WorkspaceState, ui: UiState, key: KeyPress, check: ConversationCheck = () => undefined): UiAction[] {
  ui.version++;
  if (ui.tooSmall) return key.ch === "q" ? [{ kind: "quit" }] : [];
  if (ui.modal) return handleModal(ws, ui, ui.modal, key, check);
  if (ui.view === "diff" && handleDiffView(ui, key)) return [];
  if (ui.view === "matrix") {
    const handled = handleMatrixView(ui, key);
    if (handled) return handled;
  }
  if (ui.view === "inbox") {
    const own = handleInboxView(ws, ui, key);
    if (own) return own;
  }
  const global = handleGlobal(ws, ui, key);
  if (global) return global;
  return ui.view === "panes" ? handlePanes(ws, ui, key, check) : [];
}

/** Pasted text goes into the open text box as text, newlines included, and never runs as keys. */
export function handlePaste(ws: WorkspaceState, ui: UiState, text: string): void {
  ui.version++;
  if (ui.modal?.kind === "input") insertText(ui.modal, text);
  else ws.notice = { level: "info", text: "paste ignored: open a text box first (m message, / search)" };
}
