import type { WorkspaceState } from "./workspace-state.js";
import type { HandoffChoice, UiAction, UiState } from "./ui-state.js";

export interface KeyPress {
  name?: string;
  ch?: string;
  shift?: boolean;
  ctrl?: boolean;
}

const PAGE = 10;

function focusedAgent(ws: WorkspaceState, ui: UiState): string | undefined {
  return ws.panes[ui.focus]?.name;
}

function scrollBy(ws: WorkspaceState, ui: UiState, delta: number): void {
  const pane = ws.panes[ui.focus];
  if (!pane) return;
  const current = ui.scroll.get(pane.name) ?? 0;
  ui.scroll.set(pane.name, Math.max(0, Math.min(pane.lines.length - 1, current + delta)));
}

function isPrintable(key: KeyPress): boolean {
  return key.ch !== undefined && key.ch.length > 0 && !key.ctrl && key.ch >= " " && key.ch !== "\x7f" && key.name !== "return" && key.name !== "enter";
}

function handleInput(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] {
  const modal = ui.modal;
  if (modal?.kind !== "input") return [];
  if (key.name === "escape") {
    ui.modal = null;
    return [];
  }
  if (key.name === "backspace") {
    modal.text = Array.from(modal.text).slice(0, -1).join("");
    return [];
  }
  if (key.name === "return" || key.name === "enter") {
    ui.modal = null;
    const text = modal.text.trim();
    switch (modal.purpose) {
      case "search":
        if (modal.agent) {
          if (text) ui.search.set(modal.agent, text);
          else ui.search.delete(modal.agent);
          jumpToMatch(ws, ui, modal.agent, text);
        }
        return [];
      case "message":
        return text && modal.agent ? [{ kind: "message", agent: modal.agent, text }] : [];
      case "handoff":
        return text && modal.agent && modal.from ? [{ kind: "handoff", from: modal.from, to: modal.agent, prompt: text }] : [];
      case "answer":
        return text && modal.inboxId ? [{ kind: "answer", id: modal.inboxId, text }] : [];
      case "reject": {
        if (!modal.inboxId) return [];
        const permission = ws.inbox.find((item) => item.id === modal.inboxId)?.kind === "permission";
        return [permission ? { kind: "deny", id: modal.inboxId, note: text } : { kind: "reject", id: modal.inboxId, note: text }];
      }
    }
  }
  if (isPrintable(key)) modal.text += key.ch;
  return [];
}

/** Scrolls so the newest line containing `query` is at the bottom of the pane. */
function jumpToMatch(ws: WorkspaceState, ui: UiState, agent: string, query: string): void {
  const pane = ws.panes.find((candidate) => candidate.name === agent);
  if (!pane || !query) return;
  const needle = query.toLowerCase();
  const from = pane.lines.length - 1 - (ui.scroll.get(agent) ?? 0);
  for (let index = from; index >= 0; index--) {
    if (pane.lines.at(index)?.text.toLowerCase().includes(needle)) {
      ui.scroll.set(agent, pane.lines.length - 1 - index);
      return;
    }
  }
}

function choose(ws: WorkspaceState, ui: UiState, choice: HandoffChoice, from: string): UiAction[] {
  if (choice.agent === "") {
    ui.modal = { kind: "agent-picker", from, agents: ws.panes.map((pane) => pane.name).filter((name) => name !== from), selected: 0 };
    return [];
  }
  if (choice.send) {
    ui.modal = null;
    return [{ kind: "handoff", from, to: choice.agent, prompt: choice.prompt || choice.label }];
  }
  ui.modal = { kind: "input", purpose: "handoff", label: `Handoff ${from} -> ${choice.agent}`, text: choice.prompt || choice.label, agent: choice.agent, from };
  return [];
}

function handleMenu(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] {
  const modal = ui.modal;
  if (modal?.kind !== "handoff-menu" && modal?.kind !== "agent-picker") return [];
  const count = modal.kind === "handoff-menu" ? modal.choices.length : modal.agents.length;
  if (key.name === "escape" || key.ch === "q") ui.modal = null;
  else if (key.name === "up" || key.ch === "k") modal.selected = (modal.selected + count - 1) % count;
  else if (key.name === "down" || key.ch === "j") modal.selected = (modal.selected + 1) % count;
  else if (key.ch && /^[1-9]$/.test(key.ch) && Number(key.ch) <= count) modal.selected = Number(key.ch) - 1;
  else if (key.name !== "return" && key.name !== "enter") return [];
  if (ui.modal !== modal || (key.name !== "return" && key.name !== "enter" && !(key.ch && /^[1-9]$/.test(key.ch)))) return [];
  if (modal.kind === "handoff-menu") {
    const choice = modal.choices[modal.selected];
    return choice ? choose(ws, ui, choice, modal.from) : [];
  }
  const to = modal.agents[modal.selected];
  if (to) ui.modal = { kind: "input", purpose: "handoff", label: `Handoff ${modal.from} -> ${to}`, text: "", agent: to, from: modal.from };
  return [];
}

function handleInbox(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] | undefined {
  if (ui.view !== "inbox") return undefined;
  const item = ws.inbox[Math.min(ui.inboxSelected, ws.inbox.length - 1)];
  if (key.name === "up" || key.ch === "k") ui.inboxSelected = Math.max(0, ui.inboxSelected - 1);
  else if (key.name === "down" || key.ch === "j") ui.inboxSelected = Math.min(Math.max(0, ws.inbox.length - 1), ui.inboxSelected + 1);
  else if (!item || item.kind === "blocked") return key.ch === "a" || key.ch === "r" || key.name === "return" ? [] : undefined;
  else if (key.name === "return" || key.name === "enter") ui.modal = { kind: "input", purpose: "answer", label: `Answer ${item.id}`, text: "", inboxId: item.id };
  else if (item.kind === "permission" && (key.ch === "a" || key.ch === "s")) return [{ kind: "allow", id: item.id, scope: key.ch === "s" ? "session" : "once" }];
  else if (key.ch === "a") return [{ kind: "approve", id: item.id }];
  else if (key.ch === "r") ui.modal = { kind: "input", purpose: "reject", label: `Reject ${item.id}: note`, text: "", inboxId: item.id };
  else return undefined;
  return [];
}

/**
 * The whole keyboard, as a pure function of the state: it updates the UI state and returns what the
 * controller must be asked to do. Keys reach here one at a time from the terminal.
 */
export function handleKey(ws: WorkspaceState, ui: UiState, key: KeyPress): UiAction[] {
  ui.version++;
  if (ui.modal?.kind === "input") return handleInput(ws, ui, key);
  if (ui.modal?.kind === "handoff-menu" || ui.modal?.kind === "agent-picker") return handleMenu(ws, ui, key);
  if (ui.modal?.kind === "quit-confirm") {
    ui.modal = null;
    return key.ch === "y" || key.ch === "q" ? [{ kind: "quit" }] : [];
  }
  if (ui.modal?.kind === "help") {
    ui.modal = null;
    return [];
  }
  const inbox = handleInbox(ws, ui, key);
  if (inbox) return inbox;
  const agent = focusedAgent(ws, ui);
  const count = ws.panes.length;
  switch (key.ch) {
    case "?":
      ui.modal = { kind: "help" };
      return [];
    case "q": {
      const busy = ws.runState !== "finished" && ws.panes.some((pane) => pane.activity === "thinking" || pane.activity === "running");
      if (busy) {
        ui.modal = { kind: "quit-confirm" };
        return [];
      }
      return [{ kind: "quit" }];
    }
    case "t":
    case "x":
    case "n": {
      const view = key.ch === "t" ? "tasks" : key.ch === "x" ? "matrix" : "inbox";
      ui.view = ui.view === view ? "panes" : view;
      return [];
    }
    case "p":
      return [{ kind: ws.runState === "paused" ? "resume" : "pause" }];
    case "z":
      ui.zoomed = !ui.zoomed;
      return [];
    case "g":
      if (agent) ui.scroll.set(agent, Math.max(0, (ws.panes[ui.focus]?.lines.length ?? 1) - 1));
      return [];
    case "G":
      if (agent) ui.scroll.set(agent, 0);
      return [];
    case "e":
      if (agent) {
        if (ui.expanded.has(agent)) ui.expanded.delete(agent);
        else ui.expanded.add(agent);
      }
      return [];
    case "/":
      if (agent) ui.modal = { kind: "input", purpose: "search", label: `Search ${agent}`, text: ui.search.get(agent) ?? "", agent };
      return [];
    case "m":
      if (agent) ui.modal = { kind: "input", purpose: "message", label: `Message ${agent}`, text: "", agent };
      return [];
    case "h": {
      const pane = ws.panes[ui.focus];
      if (!pane) return [];
      const choices: HandoffChoice[] = pane.handoffs.map((handoff) => ({ label: handoff.label, agent: handoff.agent, send: handoff.send, prompt: handoff.prompt ?? "" }));
      choices.push({ label: "any agent...", agent: "", send: false, prompt: "" });
      ui.modal = { kind: "handoff-menu", from: pane.name, choices, selected: 0 };
      return [];
    }
  }
  if (key.ch && /^[1-9]$/.test(key.ch) && Number(key.ch) <= count) {
    ui.focus = Number(key.ch) - 1;
    ui.view = "panes";
    return [];
  }
  switch (key.name) {
    case "tab":
      if (count > 0) ui.focus = (ui.focus + (key.shift ? count - 1 : 1)) % count;
      return [];
    case "return":
    case "enter":
      ui.zoomed = !ui.zoomed;
      return [];
    case "up":
      scrollBy(ws, ui, 1);
      return [];
    case "down":
      scrollBy(ws, ui, -1);
      return [];
    case "pageup":
      scrollBy(ws, ui, PAGE);
      return [];
    case "pagedown":
      scrollBy(ws, ui, -PAGE);
      return [];
    case "escape":
      if (ui.view !== "panes") {
        ui.view = "panes";
        return [];
      }
      return agent ? [{ kind: "cancel", agent }] : [];
  }
  return [];
}
