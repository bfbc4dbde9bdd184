import type { InboxEntry, WorkspaceState } from "./workspace-state.js";
import type { UiState } from "./ui-state.js";

/**
 * The selected item, found by id so an item arriving never moves the selection onto itself; when the
 * selected item goes away, the one now in its place is selected.
 */
export function selectedInboxIndex(ws: WorkspaceState, ui: UiState): number {
  if (ws.inbox.length === 0) {
    delete ui.inboxSelectedId;
    ui.inboxSelected = 0;
    return -1;
  }
  let index = ui.inboxSelectedId === undefined ? -1 : ws.inbox.findIndex((item) => item.id === ui.inboxSelectedId);
  if (index === -1) index = Math.min(Math.max(0, ui.inboxSelected), ws.inbox.length - 1);
  ui.inboxSelected = index;
  ui.inboxSelectedId = ws.inbox[index]!.id;
  return index;
}

export function selectedInbox(ws: WorkspaceState, ui: UiState): InboxEntry | undefined {
  const index = selectedInboxIndex(ws, ui);
  return index === -1 ? undefined : ws.inbox[index];
}

export function moveInboxSelection(ws: WorkspaceState, ui: UiState, delta: number): void {
  const index = selectedInboxIndex(ws, ui);
  if (index === -1) return;
  const next = Math.max(0, Math.min(ws.inbox.length - 1, index + delta));
  ui.inboxSelected = next;
  ui.inboxSelectedId = ws.inbox[next]!.id;
}
