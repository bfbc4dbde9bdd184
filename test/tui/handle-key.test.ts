import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/domain/events.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { handleKey, type KeyPress } from "../../src/tui/model/handle-key.js";
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
    expect(handleKey(ws, ui, named("escape"))).toEqual([{ kind: "cancel", agent: "qa" }]);
    expect(handleKey(ws, ui, ch("p"))).toEqual([{ kind: "pause" }]);
    ws.runState = "paused";
    expect(handleKey(ws, ui, ch("p"))).toEqual([{ kind: "resume" }]);
  });

  it("answers, approves and rejects inbox items", () => {
    const { ws, ui } = setup();
    ws.inbox.push({ id: "q1", kind: "question", text: "?" }, { id: "a1", kind: "approval", text: "ok?" });
    handleKey(ws, ui, ch("n"));
    expect(ui.view).toBe("inbox");
    handleKey(ws, ui, named("return"));
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

  it("scrolls, jumps to the top and bottom, and searches back to a match", () => {
    const { ws, ui } = setup();
    const event = (i: number) => ({ type: "text_delta", agent: "qa", text: `line ${i}\n`, v: 1, seq: i, at: "", runId: "r" }) as RunEvent;
    for (let i = 0; i < 50; i++) applyEvent(ws, event(i));
    handleKey(ws, ui, named("pageup"));
    expect(ui.scroll.get("qa")).toBe(10);
    handleKey(ws, ui, named("down"));
    expect(ui.scroll.get("qa")).toBe(9);
    handleKey(ws, ui, ch("G"));
    expect(ui.scroll.get("qa")).toBe(0);
    handleKey(ws, ui, ch("g"));
    expect(ui.scroll.get("qa")).toBe(50);
    handleKey(ws, ui, ch("G"));
    handleKey(ws, ui, ch("/"));
    type(ws, ui, "line 7");
    handleKey(ws, ui, named("return"));
    expect(ui.search.get("qa")).toBe("line 7");
    expect(ui.scroll.get("qa")).toBe(50 - 7);
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
    handleKey(ws, ui, ch("n"));
    expect(handleKey(ws, ui, ch("a"))).toEqual([{ kind: "allow", id: "permission-backend-1", scope: "once" }]);
    expect(handleKey(ws, ui, ch("s"))).toEqual([{ kind: "allow", id: "permission-backend-1", scope: "session" }]);
    handleKey(ws, ui, ch("r"));
    type(ws, ui, "not today");
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "deny", id: "permission-backend-1", note: "not today" }]);
  });
});
