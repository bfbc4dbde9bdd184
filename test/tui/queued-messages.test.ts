import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "../../src/domain/events.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { handleKey, type ConversationCheck, type KeyPress } from "../../src/tui/model/handle-key.js";
import { createUiState } from "../../src/tui/model/ui-state.js";
import { createWorkspaceState, findPane } from "../../src/tui/model/workspace-state.js";
import { renderPaneFrame } from "../../src/tui/render/pane-frame.js";
import { createStyler, UNICODE_BORDER } from "../../src/tui/render/style.js";
import { renderModal } from "../../src/tui/render/tables.js";
import { formatHeadlessLine } from "../../src/sinks/headless-line.js";
import { focusedLane } from "../../src/tui/model/lanes.js";
import { lanesRun } from "../fixtures/tui/lanes-run.mjs";

let seq = 0;
const ev = (body: RunEventBody, requirement?: string): RunEvent => ({ ...body, v: 1, seq: seq++, at: "2026-01-01T00:00:00.000Z", runId: "r", requirement }) as RunEvent;
const ch = (c: string): KeyPress => ({ ch: c, name: c });
const named = (name: string): KeyPress => ({ name });
const strip = (text: string) => text.replace(/\{\/?[a-z-]+\}/g, "");
const message = (id: string, text: string, state: "queued" | "withdrawn" | "delivered", note?: string) => ev({ type: "agent_message", id, agent: "qa", text, state, ...(note ? { note } : {}) });

/** A workspace whose qa is in the middle of a tool call, the way the controller answers for a busy agent. */
function working() {
  const ws = createWorkspaceState("p", [{ name: "qa", model: "m", handoffs: [] }]);
  const ui = createUiState();
  applyEvent(ws, ev({ type: "session_started", agent: "qa", model: "m", prompt: "write tests" }));
  applyEvent(ws, ev({ type: "tool_started", agent: "qa", toolUseId: "t1", tool: "Bash", input: {}, title: "npm test" }));
  const checked: string[] = [];
  const check: ConversationCheck = (agent, purpose) => (checked.push(`${agent} ${purpose}`), purpose === "handoff" ? "qa is busy" : undefined);
  const press = (key: KeyPress) => handleKey(ws, ui, key, check);
  const type = (text: string) => [...text].flatMap((c) => press(ch(c)));
  return { ws, ui, press, type, checked };
}

describe("messages to a working agent in the workspace", () => {
  it("opens the message box on m while the agent works and sends what is typed", () => {
    const { ui, press, type, checked } = working();
    press(ch("m"));
    expect(checked).toEqual(["qa message"]);
    expect(ui.modal).toMatchObject({ kind: "input", purpose: "message", label: "Message qa (working: delivered after its current step)", pane: "qa" });
    type("use vitest");
    expect(press(named("return"))).toEqual([{ kind: "message", agent: "qa", text: "use vitest" }]);
  });

  it("lists queued messages in the pane and the box; Up picks one and Esc withdraws it, Esc again closes", () => {
    const { ws, ui, press } = working();
    applyEvent(ws, message("msg-1", "first", "queued"));
    applyEvent(ws, message("msg-2", "second", "queued"));
    const pane = findPane(ws, "qa")!;
    const frame = strip(renderPaneFrame(pane, { index: 0, focused: true, scrollTop: undefined, expanded: false, showModel: false, nowMs: 0 }, 40, 8, UNICODE_BORDER, createStyler(false)).text).split("\n");
    expect(frame.slice(-3, -1).map((row) => row.slice(1, -1).trimEnd())).toEqual(["queued: first", "queued: second"]);
    press(ch("m"));
    expect(strip(renderModal(ui.modal!, createStyler(false), 50, ws)).split("\n").slice(0, 3)).toEqual([
      "queued: first".padEnd(50),
      "queued: second".padEnd(50),
      "Up picks a queued message to withdraw".padEnd(50),
    ]);
    expect(press(named("up"))).toEqual([]);
    expect(ui.modal).toMatchObject({ queuedId: "msg-2" });
    press(named("up"));
    press(named("up"));
    expect(ui.modal).toMatchObject({ queuedId: "msg-1" });
    press(named("down"));
    expect(press(named("escape"))).toEqual([{ kind: "withdraw", id: "msg-2" }]);
    expect(ui.modal).toMatchObject({ kind: "input" });
    applyEvent(ws, message("msg-2", "second", "withdrawn"));
    expect(pane.queued).toEqual([{ id: "msg-1", text: "first" }]);
    expect(pane.lines.at(pane.lines.length - 1)).toMatchObject({ kind: "info", text: "message withdrawn: second" });
    press(named("up"));
    press(named("down"));
    expect(ui.modal).not.toHaveProperty("queuedId");
    expect(press(named("escape"))).toEqual([]);
    expect(ui.modal).toBeNull();
  });

  it("moves a delivered message from the queued list into the pane as the person's prompt", () => {
    const { ws } = working();
    applyEvent(ws, message("msg-1", "first", "queued"));
    applyEvent(ws, message("msg-1", "first", "delivered"));
    const pane = findPane(ws, "qa")!;
    expect(pane.queued).toEqual([]);
    expect(pane.lines.at(pane.lines.length - 1)).toMatchObject({ kind: "prompt", text: "> first" });
  });

  it("in a parallel run, messages the focused lane's agent and lists the queue in that lane's pane only", () => {
    const ws = createWorkspaceState("calc");
    const ui = createUiState();
    for (const { body, requirement } of lanesRun()) applyEvent(ws, ev(body as RunEventBody, requirement));
    handleKey(ws, ui, ch("]"));
    handleKey(ws, ui, ch("]"));
    expect(focusedLane(ws, ui)?.requirement).toBe("REQ-003");
    handleKey(ws, ui, ch("2"));
    handleKey(ws, ui, ch("m"));
    expect(ui.modal).toMatchObject({ purpose: "message", agent: "backend", pane: "REQ-003/backend" });
    for (const c of "stop") handleKey(ws, ui, ch(c));
    expect(handleKey(ws, ui, named("return"))).toEqual([{ kind: "message", agent: "backend", text: "stop", lane: "REQ-003" }]);
    applyEvent(ws, ev({ type: "agent_message", id: "msg-1", agent: "backend", text: "stop", state: "queued" }, "REQ-003"));
    const backendOf = (requirement: string) => ws.lanes.find((lane) => lane.requirement === requirement)!.panes.find((pane) => pane.name === "backend")!;
    expect(backendOf("REQ-003").queued).toEqual([{ id: "msg-1", text: "stop" }]);
    expect(backendOf("REQ-001").queued).toEqual([]);
    handleKey(ws, ui, ch("m"));
    handleKey(ws, ui, named("up"));
    expect(handleKey(ws, ui, named("escape"))).toEqual([{ kind: "withdraw", id: "msg-1" }]);
  });

  it("gives the headless reporter the same states", () => {
    expect(formatHeadlessLine(message("msg-1", "first", "queued"))).toMatch(/ qa +message queued: first$/);
    expect(formatHeadlessLine(message("msg-1", "first", "delivered"))).toMatch(/ qa +message delivered: first$/);
    expect(formatHeadlessLine(message("msg-1", "first", "withdrawn", "the run ended"))).toMatch(/ qa +message withdrawn \(the run ended\): first$/);
  });
});
