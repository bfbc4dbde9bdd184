import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/domain/events.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { handleKey, handlePaste, type KeyPress } from "../../src/tui/model/handle-key.js";
import { createUiState } from "../../src/tui/model/ui-state.js";
import { createWorkspaceState } from "../../src/tui/model/workspace-state.js";

function setup() {
  const ws = createWorkspaceState("p", [
    { name: "qa", role: "qa", model: "m", handoffs: [{ label: "Now", agent: "backend", send: true, prompt: "do it" }, { label: "Later", agent: "reviewer", send: false, prompt: "look" }] },
    { name: "backend", model: "m", handoffs: [] },
    { name: "reviewer", model: "m", handoffs: [] },
  ]);
  return { ws, ui: createUiState() };
}
const ch = (c: string): KeyPress => ({ ch: c, name: c });
const named = (name: string, extra: Partial<KeyPress> = {}): KeyPress => ({ name, ...extra });
function type(ws: ReturnType<typeof setup>["ws"], ui: ReturnType<typeof setup>["ui"], text: string) {
  for (const c of text) handleKey(ws, ui, ch(c));
}

describe("handleKey", () => {
  it("moves focus with Tab, Shift-Tab and digits", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, named("tab"));
    expect(ui.focus).toBe(1);
    handleKey(ws, ui, named("tab", { shift: true }));
    handleKey(ws, ui, named("tab", { shift: true }));
    expect(ui.focus).toBe(2);
    handleKey(ws, ui, ch("1"));
    expect(ui.focus).toBe(0);
    handleKey(ws, ui, ch("9"));
    expect(ui.focus).toBe(0);
  });

  it("sends a send:true handoff at once and opens the prompt for send:false", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("h"));
    expect(ui.modal?.kind).toBe("handoff-menu");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "handoff", from: "qa", to: "backend", prompt: "do it" }]);
    handleKey(ws, ui, ch("h"));
    handleKey(ws, ui, named("down"));
    expect(handleKey(ws, ui, named("return"))).toEqual([]);
    expect(ui.modal).toMatchObject({ kind: "input", purpose: "handoff", text: "look" });
    type(ws, ui, "!");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "handoff", from: "qa", to: "reviewer", prompt: "look!" }]);
  });

  it("offers any agent from the handoff menu", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("h"));
    handleKey(ws, ui, ch("3"));
    expect(ui.modal).toMatchObject({ kind: "agent-picker", agents: ["backend", "reviewer"] });
    handleKey(ws, ui, named("down"));
    handleKey(ws, ui, named("return"));
    type(ws, ui, "hi");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "handoff", from: "qa", to: "reviewer", prompt: "hi" }]);
  });

  it("messages, cancels, pauses and resumes", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("m"));
    type(ws, ui, "hey");
    handleKey(ws, ui, named("backspace"));
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "message", agent: "qa", text: "he" }]);
    expect(handleKey(ws, ui, named("escape"))).toEqual([]);
    expect(ui.modal).toBeNull();
    expect(ws.notice?.text).toBe("qa has no turn running to cancel");
    ws.panes[0]!.activity = "thinking";
    expect(handleKey(ws, ui, named("escape"))).toEqual([]);
    expect(ui.modal).toEqual({ kind: "cancel-confirm", agent: "qa" });
    expect(handleKey(ws, ui, named("escape"))).toEqual([]);
    expect(ui.modal).toBeNull();
    handleKey(ws, ui, ch("c"));
    expect(handleKey(ws, ui, ch("y"))).toEqual([{ kind: "cancel", agent: "qa" }]);
    expect(handleKey(ws, ui, ch("p"))).toEqual([{ kind: "pause" }]);
    ws.runState = "paused";
    expect(handleKey(ws, ui, ch("p"))).toEqual([{ kind: "resume" }]);
  });

  it("answers, approves and rejects inbox items", () => {
    const { ws, ui } = setup();
    ws.inbox.push({ id: "q1", kind: "question", text: "?" }, { id: "a1", kind: "approval", text: "ok?" });
    handleKey(ws, ui, ch("i"));
    expect(ui.view).toBe("inbox");
    handleKey(ws, ui, named("return"));
    expect(ui.modal).toEqual({ kind: "inbox-detail", id: "q1" });
    handleKey(ws, ui, ch("a"));
    type(ws, ui, "yes");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "answer", id: "q1", text: "yes" }]);
    handleKey(ws, ui, named("down"));
    expect(handleKey(ws, ui, ch("a"))).toEqual([{ kind: "approve", id: "a1" }]);
    handleKey(ws, ui, ch("r"));
    type(ws, ui, "no tests");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "reject", id: "a1", note: "no tests" }]);
  });

  it("asks before quitting while an agent works, and quits at once otherwise", () => {
    const { ws, ui } = setup();
    ws.runState = "running";
    ws.panes[0]!.activity = "thinking";
    expect(handleKey(ws, ui, ch("q"))).toEqual([]);
    expect(ui.modal?.kind).toBe("quit-confirm");
    expect(handleKey(ws, ui, ch("n"))).toEqual([]);
    handleKey(ws, ui, ch("q"));
    expect(handleKey(ws, ui, ch("y"))).toEqual([{ kind: "quit" }]);
    ws.panes[0]!.activity = "idle";
    expect(handleKey(ws, ui, ch("q"))).toEqual([{ kind: "quit" }]);
  });

  it("scrolls pinned to a first line, jumps to the top, follows again, and searches with n/N and a count", () => {
    const { ws, ui } = setup();
    const event = (i: number) => ({ type: "text_delta", agent: "qa", text: `line ${i}\n`, v: 1, seq: i, at: "", runId: "r" }) as RunEvent;
    for (let i = 0; i < 50; i++) applyEvent(ws, event(i));
    // What the renderer reported: lines 41-50 (the last is the open empty line) of a 10-row pane.
    ui.viewport.set("qa", { top: 41, bottom: 50, atEnd: true, rows: 10 });
    handleKey(ws, ui, named("pageup"));
    expect(ui.scroll.get("qa")).toBe(32);
    handleKey(ws, ui, named("up"));
    expect(ui.scroll.get("qa")).toBe(31);
    applyEvent(ws, event(50));
    expect(ui.scroll.get("qa")).toBe(31);
    handleKey(ws, ui, ch("G"));
    expect(ui.scroll.has("qa")).toBe(false);
    handleKey(ws, ui, ch("g"));
    expect(ui.scroll.get("qa")).toBe(0);
    handleKey(ws, ui, ch("G"));
    handleKey(ws, ui, ch("/"));
    type(ws, ui, "line 1");
    handleKey(ws, ui, named("return"));
    expect(ui.search.get("qa")).toMatchObject({ query: "line 1", match: 19, index: 11, total: 11 });
    handleKey(ws, ui, ch("n"));
    expect(ui.search.get("qa")).toMatchObject({ match: 18, index: 10 });
    expect(ui.scroll.get("qa")).toBe(16);
    handleKey(ws, ui, ch("N"));
    expect(ui.search.get("qa")).toMatchObject({ match: 19, index: 11 });
  });

  it("edits text like readline: cursor keys, Ctrl-A/E/U/K/W, and a paste stays text", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("m"));
    type(ws, ui, "hello world");
    handleKey(ws, ui, named("w", { ctrl: true }));
    type(ws, ui, "there");
    handleKey(ws, ui, named("a", { ctrl: true }));
    type(ws, ui, ">");
    handleKey(ws, ui, named("e", { ctrl: true }));
    handleKey(ws, ui, named("left"));
    handleKey(ws, ui, named("backspace"));
    expect(ui.modal).toMatchObject({ text: ">hello thee", cursor: 10 });
    handleKey(ws, ui, named("k", { ctrl: true }));
    handlePaste(ws, ui, "looks good\nthen q check");
    expect(ui.modal).toMatchObject({ text: ">hello thelooks good\nthen q check" });
    handleKey(ws, ui, named("u", { ctrl: true }));
    handlePaste(ws, ui, "a\nq");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "message", agent: "qa", text: "a\nq" }]);
    handlePaste(ws, ui, "q");
    expect(ui.modal).toBeNull();
    expect(ws.notice?.text).toMatch(/paste ignored/);
  });

  it("keeps the inbox selection on its item as items come and go, and acts by kind", () => {
    const { ws, ui } = setup();
    ws.inbox.push({ id: "a1", kind: "approval", requirement: "R1", text: "ok?" }, { id: "e2", kind: "escalation", requirement: "R2", text: "stuck" });
    handleKey(ws, ui, ch("i"));
    handleKey(ws, ui, named("down"));
    ws.inbox.shift();
    ws.inbox.push({ id: "q3", kind: "question", text: "?" }, { id: "a4", kind: "approval", requirement: "R4", text: "ok?" });
    expect(handleKey(ws, ui, ch("a"))).toEqual([]);
    expect(ui.modal).toMatchObject({ kind: "input", purpose: "answer", inboxId: "e2" });
    handleKey(ws, ui, named("escape"));
    expect(handleKey(ws, ui, ch("s"))).toEqual([{ kind: "skip", id: "e2" }]);
    ws.inbox.splice(0, 1);
    handleKey(ws, ui, named("up"));
    expect(ui.inboxSelectedId).toBe("q3");
    handleKey(ws, ui, named("down"));
    expect(handleKey(ws, ui, ch("d"))).toEqual([{ kind: "diff", requirement: "R4" }]);
  });

  it("lets each view own its keys: Enter and h in the matrix do nothing to the panes", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("x"));
    handleKey(ws, ui, named("return"));
    handleKey(ws, ui, ch("h"));
    expect(ui.zoomed).toBe(false);
    expect(ui.modal).toBeNull();
    expect(ui.view).toBe("matrix");
  });

  it("refuses a message or handoff up front with the controller's reason", () => {
    const { ws, ui } = setup();
    const check = (agent: string) => (agent === "backend" ? "no turns for backend" : undefined);
    handleKey(ws, ui, ch("2"));
    handleKey(ws, ui, ch("m"), check);
    expect(ui.modal).toBeNull();
    expect(ws.notice?.text).toBe("no turns for backend");
    handleKey(ws, ui, ch("1"));
    handleKey(ws, ui, ch("h"), check);
    expect(handleKey(ws, ui, named("return"), check)).toEqual([]);
    expect(ui.modal).toBeNull();
  });

  it("does nothing but quit while the terminal is too small", () => {
    const { ws, ui } = setup();
    ui.tooSmall = true;
    handleKey(ws, ui, ch("x"));
    expect(ui.view).toBe("panes");
    expect(handleKey(ws, ui, ch("q"))).toEqual([{ kind: "quit" }]);
  });

  it("switches views, zooms, expands and shows help", () => {
    const { ws, ui } = setup();
    handleKey(ws, ui, ch("x"));
    expect(ui.view).toBe("matrix");
    handleKey(ws, ui, ch("t"));
    expect(ui.view).toBe("tasks");
    handleKey(ws, ui, named("escape"));
    expect(ui.view).toBe("panes");
    handleKey(ws, ui, ch("z"));
    expect(ui.zoomed).toBe(true);
    handleKey(ws, ui, ch("e"));
    expect(ui.expanded.has("qa")).toBe(true);
    handleKey(ws, ui, ch("?"));
    expect(ui.modal?.kind).toBe("help");
    handleKey(ws, ui, ch("x"));
    expect(ui.modal).toBeNull();
    expect(ui.view).toBe("panes");
  });

  it("answers a permission in the inbox: a allows once, s for the session, r denies with a note", () => {
    const { ws, ui } = setup();
    applyEvent(ws, { type: "inbox_added", item: { id: "permission-backend-1", kind: "permission", agent: "backend", text: "Bash git push needs your permission" }, v: 1, seq: 1, at: "2026-01-01T00:00:00Z", runId: "r" } as RunEvent);
    handleKey(ws, ui, ch("i"));
    expect(handleKey(ws, ui, ch("a"))).toEqual([{ kind: "allow", id: "permission-backend-1", scope: "once" }]);
    expect(handleKey(ws, ui, ch("s"))).toEqual([{ kind: "allow", id: "permission-backend-1", scope: "session" }]);
    handleKey(ws, ui, ch("r"));
    type(ws, ui, "not today");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "deny", id: "permission-backend-1", note: "not today" }]);
  });
});
