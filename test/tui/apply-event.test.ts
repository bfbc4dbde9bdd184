import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "../../src/domain/events.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { createWorkspaceState, SCROLLBACK_LINES, type AgentPane } from "../../src/tui/model/workspace-state.js";

let seq = 0;
function ev(body: RunEventBody, requirement?: string): RunEvent {
  return { ...body, v: 1, seq: seq++, at: "2026-01-01T00:00:00.000Z", runId: "r", requirement: requirement ?? ("requirement" in body ? (body.requirement as string) : undefined) } as RunEvent;
}
const usage = { inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0, cacheReadInputTokens: 10 };
const texts = (pane: AgentPane): string[] => Array.from({ length: pane.lines.length }, (_, i) => pane.lines.at(i)!.text);

function started() {
  const state = createWorkspaceState("demo");
  applyEvent(state, ev({
    type: "run_started", project: "calc", testCommand: "npm test",
    requirements: [{ id: "R1", title: "Add", status: "pending" }],
    agents: [{ name: "qa", role: "qa", model: "m1", handoffs: [{ label: "Go", agent: "backend", send: true }] }, { name: "backend", role: "backend", model: "m2", handoffs: [] }],
  }));
  return state;
}

describe("applyEvent", () => {
  it("shows thinking summaries and cut replies, and keeps a paused or cut session busy", () => {
    const state = started();
    const pane = state.panes[1]!;
    applyEvent(state, ev({ type: "session_started", agent: "backend", model: "m2", prompt: "go" }));
    applyEvent(state, ev({ type: "thinking", agent: "backend", text: "Check the failing test first.\nThen the code." }));
    applyEvent(state, ev({ type: "turn_finished", agent: "backend", turn: 1, stopReason: "max_tokens", usage, costUsd: 0 }));
    applyEvent(state, ev({ type: "reply_cut", agent: "backend", turn: 1, maxTokens: 32000, next: "ask_again", newMaxTokens: 128000, callsNotRun: ["Write"] }));
    expect(pane.activity).toBe("thinking");
    applyEvent(state, ev({ type: "turn_finished", agent: "backend", turn: 2, stopReason: "pause_turn", usage, costUsd: 0 }));
    expect(pane.activity).toBe("thinking");
    expect(texts(pane).slice(-2)).toEqual(["thinking: Check the failing test first.", "reply cut at the output limit (32000 tokens); not run: Write; asking again with 128000 tokens"]);
    applyEvent(state, ev({ type: "turn_finished", agent: "backend", turn: 3, stopReason: "refusal", usage, costUsd: 0 }));
    expect(pane.activity).toBe("idle");
  });

  it("says in every pane where a resumed run's requirements stand", () => {
    const state = createWorkspaceState("demo");
    applyEvent(state, ev({
      type: "run_started", project: "calc", testCommand: "npm test",
      requirements: [{ id: "R1", title: "Add", status: "approved" }, { id: "R2", title: "Sub", status: "implementing" }, { id: "R3", title: "Mul", status: "pending" }],
      agents: [{ name: "qa", model: "m", handoffs: [] }, { name: "backend", model: "m", handoffs: [] }],
    }));
    for (const pane of state.panes) expect(texts(pane)).toEqual(["resumed: R1 approved, R2 implementing; the earlier work is in the run log"]);
    expect(texts(started().panes[0]!)).toEqual([]);
  });

  it("creates a pane per agent from run_started, and lazily for unknown agents", () => {
    const state = started();
    expect(state.panes.map((p) => [p.name, p.role, p.model])).toEqual([["qa", "qa", "m1"], ["backend", "backend", "m2"]]);
    expect(state.runState).toBe("running");
    applyEvent(state, ev({ type: "text_delta", agent: "stranger", text: "hi" }));
    expect(state.panes.map((p) => p.name)).toContain("stranger");
  });

  it("keeps the agent's todo list and shows a few lines of it, the one in progress in view", () => {
    const state = started();
    const todos = Array.from({ length: 9 }, (_, i) => ({ content: `step ${i}`, activeForm: `doing step ${i}`, status: i < 4 ? ("completed" as const) : i === 4 ? ("in_progress" as const) : ("pending" as const) }));
    applyEvent(state, ev({ type: "todo_list", agent: "backend", todos }));
    const pane = state.panes[1]!;
    expect(pane.todos).toEqual(todos);
    expect(texts(pane)).toEqual(["todo 4/9", "  [x] step 3", "  [>] doing step 4", "  [ ] step 5", "  [ ] step 6", "  [ ] step 7", "  [ ] step 8", "  (3 more)"]);
  });

  it("puts a subagent's lines in its caller's pane, prefixed, and counts its tokens there", () => {
    const state = started();
    const sub = (event: RunEventBody & { agent: string }) => ev({ type: "subagent_event", agent: "backend", subagent: "helper", toolUseId: "task1", event } as RunEventBody);
    applyEvent(state, sub({ type: "session_started", agent: "helper", model: "m3", prompt: "write add" }));
    applyEvent(state, sub({ type: "tool_started", agent: "helper", toolUseId: "h1", tool: "Write", input: {}, title: "src/add.js" }));
    applyEvent(state, sub({ type: "tool_finished", agent: "helper", toolUseId: "h1", tool: "Write", isError: false, summary: "+1 lines", durationMs: 5 }));
    applyEvent(state, sub({ type: "turn_finished", agent: "helper", turn: 1, stopReason: "end_turn", usage, costUsd: 0.5 }));
    applyEvent(state, sub({ type: "assistant_message", agent: "helper", text: "done\nreally" }));
    const backend = state.panes[1]!;
    expect(texts(backend)).toEqual(["[helper] > write add", "[helper] Write src/add.js (+1 lines)", "[helper] done", "[helper] really"]);
    expect(backend.tokens).toBe(160);
    expect(backend.costUsd).toBe(0.5);
    expect(state.panes.map((p) => p.name)).toEqual(["qa", "backend"]);
  });

  it("streams text deltas into lines split on newlines", () => {
    const state = started();
    for (const text of ["Hel", "lo\nwor", "ld\n", "next"]) applyEvent(state, ev({ type: "text_delta", agent: "qa", text }));
    expect(texts(state.panes[0]!)).toEqual(["Hello", "world", "next"]);
    expect(state.panes[0]!.activity).toBe("thinking");
  });

  it("turns a tool call into one line, updated in place when it finishes", () => {
    const state = started();
    applyEvent(state, ev({ type: "tool_started", agent: "qa", toolUseId: "a", tool: "Bash", input: {}, title: "npm test" }));
    expect(state.panes[0]!.activity).toBe("running");
    expect(state.panes[0]!.tool).toBe("Bash");
    applyEvent(state, ev({ type: "tool_output", agent: "qa", toolUseId: "a", chunk: "FAIL x\n" }));
    applyEvent(state, ev({ type: "tool_finished", agent: "qa", toolUseId: "a", tool: "Bash", isError: true, summary: "exit 1", durationMs: 2300 }));
    applyEvent(state, ev({ type: "tool_started", agent: "qa", toolUseId: "b", tool: "Write", input: {}, title: "src/calc.js" }));
    applyEvent(state, ev({ type: "tool_finished", agent: "qa", toolUseId: "b", tool: "Write", isError: false, summary: "+12 lines", durationMs: 3 }));
    const pane = state.panes[0]!;
    expect(texts(pane)).toEqual(["Bash npm test -> exit 1 (2.3 s)", "Write src/calc.js (+12 lines)"]);
    expect(pane.lines.at(0)!.kind).toBe("tool-error");
    expect(pane.lines.at(0)!.detail).toBe("FAIL x\n");
    expect(pane.activity).toBe("thinking");
  });

  it("adds up tokens, cost and turns per agent over its sessions, and for the run", () => {
    const state = started();
    applyEvent(state, ev({ type: "turn_started", agent: "qa", turn: 1 }));
    applyEvent(state, ev({ type: "turn_finished", agent: "qa", turn: 1, stopReason: "end_turn", usage, costUsd: 0.5 }));
    for (const turn of [1, 2, 1]) applyEvent(state, ev({ type: "turn_started", agent: "backend", turn }));
    applyEvent(state, ev({ type: "turn_finished", agent: "backend", turn: 2, stopReason: "tool_use", usage, costUsd: 0.25 }));
    expect(state.panes[0]!.tokens).toBe(160);
    expect(state.panes[0]!.activity).toBe("idle");
    expect(state.panes[1]!.turns).toBe(3);
    expect(state.tokens).toBe(320);
    expect(state.costUsd).toBeCloseTo(0.75);
  });

  it("caps each pane's scrollback at 5,000 lines, keeping the newest", () => {
    const state = started();
    for (let i = 0; i < SCROLLBACK_LINES + 250; i++) applyEvent(state, ev({ type: "text_delta", agent: "qa", text: `line ${i}\n` }));
    const lines = texts(state.panes[0]!);
    expect(lines.length).toBe(SCROLLBACK_LINES);
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toBe(`line ${SCROLLBACK_LINES + 249}`);
  });

  it("shows the stored matrix rows from matrix_row events and guesses nothing from tool names", () => {
    const state = started();
    applyEvent(state, ev({ type: "task_status", requirement: "R1", status: "writing_tests", owner: "qa", reason: "go", attempts: { tests: 1 } }));
    applyEvent(state, ev({ type: "tool_started", agent: "qa", toolUseId: "w", tool: "Write", input: {}, title: "test/add.test.js" }));
    applyEvent(state, ev({ type: "tool_finished", agent: "qa", toolUseId: "w", tool: "Write", isError: false, summary: "+3 lines", durationMs: 1 }));
    applyEvent(state, ev({ type: "gate_finished", requirement: "R1", gate: "red", command: "npm test", passed: true, exitCode: 1, durationMs: 10, summary: "1 failing", outputTail: "x" }));
    applyEvent(state, ev({ type: "tool_started", agent: "backend", toolUseId: "c", tool: "Edit", input: {}, title: "src/add.js" }, "R1"));
    applyEvent(state, ev({ type: "tool_finished", agent: "backend", toolUseId: "c", tool: "Edit", isError: false, summary: "+1 lines", durationMs: 1 }, "R1"));
    applyEvent(state, ev({ type: "gate_finished", requirement: "R1", gate: "green", command: "npm test", passed: false, exitCode: 1, durationMs: 10, summary: "still failing", outputTail: "" }));
    applyEvent(state, ev({ type: "verdict", agent: "backend", verdict: "request_changes", summary: "no", findings: ["f1"] }, "R1"));
    expect(state.matrix.has("R1")).toBe(false);
    const stored = {
      id: "R1", title: "Add", status: "blocked" as const, tests: { files: ["test/add.test.js"], names: [] }, code: ["src/add.js"],
      gates: { red: { command: "npm test", exitCode: 1, at: "t", durationMs: 10, summary: "1 failing" } },
      reviews: [{ verdict: "request_changes" as const, summary: "no", findings: ["f1"], by: "reviewer", at: "t" }],
    };
    applyEvent(state, ev({ type: "matrix_row", row: stored }, "R1"));
    expect(state.matrix.get("R1")).toEqual(stored);
    expect(state.tasks[0]!.status).toBe("blocked");
    expect(texts(state.panes[0]!)).toContain("RED gate R1 passed (the tests fail first): npm test -> exit 1 (10 ms) 1 failing");
    expect(state.tasks[0]).toMatchObject({ owner: "qa", attempts: { tests: 1 } });
    expect(state.panes[0]!.requirement).toBe("R1");
  });

  it("keeps the inbox as the engine reports it: items added and resolved, nothing made up for blocked tasks", () => {
    const state = started();
    applyEvent(state, ev({ type: "inbox_added", item: { id: "q1", kind: "question", agent: "qa", text: "why?" } }));
    applyEvent(state, ev({ type: "task_status", requirement: "R1", status: "blocked", owner: "backend", reason: "3 tries", attempts: {} }));
    expect(state.inbox.map((i) => i.id)).toEqual(["q1"]);
    expect(state.panes[1]!.activity).toBe("blocked");
    applyEvent(state, ev({ type: "inbox_resolved", id: "q1", resolution: "ok" }));
    applyEvent(state, ev({ type: "task_status", requirement: "R1", status: "implementing", owner: "backend", reason: "unblocked", attempts: {} }));
    expect(state.inbox).toEqual([]);
  });

  it("shows errors, cancellations, pauses and the end of the run", () => {
    const state = started();
    const result = { reason: "error" as const, turns: 1, usage, costUsd: 0, durationMs: 1, finalText: "", error: "API down" };
    applyEvent(state, ev({ type: "session_finished", agent: "qa", result }));
    expect(state.panes[0]!.activity).toBe("error");
    expect(texts(state.panes[0]!)).toContain("error (error): API down");
    applyEvent(state, ev({ type: "tamper_refused", requirement: "R1", agent: "backend", caught: "tool", kind: "locked_test", files: ["test/a.test.js"], tests: [], reason: "test/a.test.js is a locked test file", attempts: 1 }));
    expect(state.notice?.level).toBe("error");
    applyEvent(state, ev({ type: "run_paused" }));
    expect(state.runState).toBe("paused");
    applyEvent(state, ev({ type: "run_finished", outcome: "approved", approved: 1, total: 1, blocked: [], durationMs: 42 }));
    expect(state.runState).toBe("finished");
    expect(state.durationMs).toBe(42);
  });

  it("drops the partial reply of a failed attempt when the provider retries, keeping earlier lines", () => {
    const state = started();
    applyEvent(state, ev({ type: "session_started", agent: "qa", model: "m1", prompt: "go" }));
    applyEvent(state, ev({ type: "turn_started", agent: "qa", turn: 1 }));
    applyEvent(state, ev({ type: "text_delta", agent: "qa", text: "Kept from turn one." }));
    applyEvent(state, ev({ type: "turn_finished", agent: "qa", turn: 1, stopReason: "tool_use", usage, costUsd: 0 }));
    applyEvent(state, ev({ type: "turn_started", agent: "qa", turn: 2 }));
    applyEvent(state, ev({ type: "text_delta", agent: "qa", text: "Half of a rep" }));
    applyEvent(state, ev({ type: "text_delta", agent: "qa", text: "ly\nand a sec" }));
    applyEvent(state, ev({ type: "retry", agent: "qa", attempt: 1, reason: "overloaded", waitMs: 500 }));
    applyEvent(state, ev({ type: "text_delta", agent: "qa", text: "Half of a reply\nand a second line." }));
    const lines = texts(state.panes[0]!);
    expect(lines).toEqual(["> go", "Kept from turn one.", "retry 1: overloaded (waiting 500 ms); its partial reply (2 lines) was dropped", "Half of a reply", "and a second line."]);
    applyEvent(state, ev({ type: "retry", agent: "qa", attempt: 2, reason: "overloaded", waitMs: 500 }));
    expect(texts(state.panes[0]!).slice(2)).toEqual([lines[2], "retry 2: overloaded (waiting 500 ms); its partial reply (2 lines) was dropped"]);
  });
});
