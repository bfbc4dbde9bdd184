import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/domain/events.js";
import { EventBus } from "../../src/events/event-bus.js";
import { Inbox } from "../../src/person/inbox.js";

function setup() {
  const bus = new EventBus("r");
  const events: RunEvent[] = [];
  bus.subscribe((event) => events.push(event));
  return { inbox: new Inbox(bus), events };
}

describe("inbox", () => {
  it("publishes an item, refuses a reply of the wrong kind, and resolves with the right one", async () => {
    const { inbox, events } = setup();
    const reply = inbox.ask({ kind: "approval", requirement: "REQ-001", text: "approve?" }, new AbortController().signal);
    const added = events.find((event) => event.type === "inbox_added");
    expect(added).toMatchObject({ type: "inbox_added", requirement: "REQ-001", item: { id: "approval-REQ-001-1", kind: "approval" } });
    expect(inbox.reply("approval-REQ-001-1", { kind: "answer", text: "yes" })).toBe("inbox item 'approval-REQ-001-1' is an approval: approve or reject it");
    expect(inbox.reply("approval-REQ-001-1", { kind: "reject", note: "add a comment" })).toBeUndefined();
    expect(await reply).toEqual({ kind: "reject", note: "add a comment" });
    expect(events.at(-1)).toMatchObject({ type: "inbox_resolved", id: "approval-REQ-001-1", resolution: "rejected: add a comment" });
    expect(inbox.reply("approval-REQ-001-1", { kind: "approve" })).toBe("no open inbox item 'approval-REQ-001-1'");
  });

  it("withdraws what is still waiting when the run stops", async () => {
    const { inbox, events } = setup();
    const stop = new AbortController();
    const reply = inbox.ask({ kind: "question", agent: "qa", text: "strings too?" }, stop.signal);
    stop.abort();
    expect(await reply).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: "inbox_resolved", id: "question-qa-1", resolution: "withdrawn: the run stopped" });
  });
});
