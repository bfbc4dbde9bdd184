import type { RunEventBody } from "../domain/events.js";
import type { EventBus } from "../events/event-bus.js";

export type InboxItem = Extract<RunEventBody, { type: "inbox_added" }>["item"];
export type InboxReply =
  | { kind: "answer"; text: string }
  | { kind: "approve" }
  | { kind: "reject"; note: string }
  | { kind: "skip" }
  | { kind: "allow"; scope: "once" | "session" }
  | { kind: "deny"; note: string };

interface Waiting {
  item: InboxItem;
  settle: (reply: InboxReply | undefined) => void;
}

/**
 * The replies each kind of item takes: a question is answered, an escalation answered or skipped, an
 * approval approved or rejected, a permission allowed (once or for the session) or denied.
 */
const ACCEPTS: Record<InboxItem["kind"], InboxReply["kind"][]> = {
  question: ["answer"],
  escalation: ["answer", "skip"],
  approval: ["approve", "reject"],
  permission: ["allow", "deny"],
};

const EXPECTED: Record<InboxItem["kind"], string> = {
  question: "a question: answer it",
  escalation: "a blocked requirement: answer or skip it",
  approval: "an approval: approve or reject it",
  permission: "a permission: allow it (once or for the session) or deny it",
};

function resolution(reply: InboxReply): string {
  switch (reply.kind) {
    case "answer":
      return `answered: ${reply.text}`;
    case "skip":
      return "skipped";
    case "approve":
      return "approved";
    case "reject":
      return `rejected: ${reply.note}`;
    case "allow":
      return reply.scope === "session" ? "allowed for the session" : "allowed once";
    case "deny":
      return `denied${reply.note ? `: ${reply.note}` : ""}`;
  }
}

/**
 * What waits for the person: each item is published as inbox_added and resolves with their reply (or
 * with nothing when the run stops first); the reply is published as inbox_resolved.
 */
export class Inbox {
  private readonly waiting = new Map<string, Waiting>();
  private counter = 0;

  constructor(private readonly bus: EventBus) {}

  ask(item: Omit<InboxItem, "id">, signal: AbortSignal): Promise<InboxReply | undefined> {
    this.counter += 1;
    const id = `${item.kind}-${item.requirement ?? item.agent ?? "run"}-${this.counter}`;
    const full: InboxItem = { id, ...item };
    return new Promise((resolve) => {
      const withdraw = () => this.settle(id, undefined, "withdrawn: the run stopped");
      const settle = (reply: InboxReply | undefined) => {
        signal.removeEventListener("abort", withdraw);
        resolve(reply);
      };
      this.waiting.set(id, { item: full, settle });
      this.bus.publish({ type: "inbox_added", item: full }, item.requirement);
      if (signal.aborted) withdraw();
      else signal.addEventListener("abort", withdraw, { once: true });
    });
  }

  /** Delivers a person's reply; returns why it cannot when the item is unknown or takes another kind of reply. */
  reply(id: string, reply: InboxReply): string | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return `no open inbox item '${id}'`;
    if (!ACCEPTS[waiting.item.kind].includes(reply.kind)) {
      return `inbox item '${id}' is ${EXPECTED[waiting.item.kind]}`;
    }
    this.settle(id, reply, resolution(reply));
    return undefined;
  }

  private settle(id: string, reply: InboxReply | undefined, text: string): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    this.bus.publish({ type: "inbox_resolved", id, resolution: text }, waiting.item.requirement);
    waiting.settle(reply);
  }
}
