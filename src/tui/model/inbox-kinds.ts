import type { InboxEntry } from "./workspace-state.js";
import type { Modal, UiAction } from "./ui-state.js";

/** One key an inbox item takes: it asks the controller for something, or opens a dialog first. */
export interface InboxKey {
  key: string;
  label: string;
  act(item: InboxEntry): { action: UiAction } | { modal: Modal };
}

/** What a kind of item is called and which keys act on it; a new kind is one entry here. */
export interface InboxKind {
  /** The item in words, as the list and the status bar show it. */
  describe(item: InboxEntry): string;
  keys: InboxKey[];
}

function about(item: InboxEntry): string {
  return [item.requirement, item.agent ? `from ${item.agent}` : ""].filter(Boolean).join(" ");
}

const input = (purpose: "answer" | "reject" | "deny", label: string, item: InboxEntry): { modal: Modal } => ({ modal: { kind: "input", purpose, label, text: "", cursor: 0, inboxId: item.id } });

export const INBOX_KINDS: Record<string, InboxKind> = {
  approval: {
    describe: (item) => `approval ${about(item)}`,
    keys: [
      { key: "a", label: "approve", act: (item) => ({ action: { kind: "approve", id: item.id } }) },
      { key: "r", label: "reject with a note", act: (item) => input("reject", `Reject ${about(item)}: a note for the backend`, item) },
      { key: "d", label: "diff", act: (item) => ({ action: { kind: "diff", requirement: item.requirement ?? "" } }) },
    ],
  },
  question: {
    describe: (item) => `question ${about(item)}`,
    keys: [{ key: "a", label: "answer", act: (item) => input("answer", `Answer ${about(item)}`, item) }],
  },
  permission: {
    describe: (item) => `permission ${about(item)}: ${item.text.split("\n")[0]}`,
    keys: [
      { key: "a", label: "allow once", act: (item) => ({ action: { kind: "allow", id: item.id, scope: "once" } }) },
      { key: "s", label: "allow for the session", act: (item) => ({ action: { kind: "allow", id: item.id, scope: "session" } }) },
      { key: "r", label: "deny with a note", act: (item) => input("deny", `Deny ${about(item)}: a note the agent sees`, item) },
    ],
  },
  escalation: {
    describe: (item) => `blocked: ${item.requirement ?? ""} ${item.text.split("\n")[0]}`,
    keys: [
      { key: "a", label: "answer and resume", act: (item) => input("answer", `Answer ${item.requirement ?? ""} to resume it`, item) },
      { key: "s", label: "skip", act: (item) => ({ action: { kind: "skip", id: item.id } }) },
      { key: "d", label: "diff", act: (item) => ({ action: { kind: "diff", requirement: item.requirement ?? "" } }) },
    ],
  },
};

const UNKNOWN: InboxKind = { describe: (item) => `${item.kind} ${about(item)}`, keys: [] };

export function inboxKind(item: InboxEntry): InboxKind {
  return INBOX_KINDS[item.kind] ?? UNKNOWN;
}

/** `a approve  r reject with a note  d diff` for one item. */
export function inboxKeyHints(item: InboxEntry): string {
  return inboxKind(item).keys.map((key) => `${key.key} ${key.label}`).join("  ");
}
