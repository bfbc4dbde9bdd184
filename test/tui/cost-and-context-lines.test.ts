import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "../../src/domain/events.js";
import { formatHeadlessLine } from "../../src/sinks/headless-line.js";
import { applyEvent } from "../../src/tui/model/apply-event.js";
import { formatCost } from "../../src/tui/model/format.js";
import { createWorkspaceState, type AgentPane } from "../../src/tui/model/workspace-state.js";

let seq = 0;
const ev = (body: RunEventBody): RunEvent => ({ ...body, v: 1, seq: seq++, at: "2026-01-01T00:00:00.000Z", runId: "r" }) as RunEvent;
const usage = { inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0, cacheReadInputTokens: 10 };
const texts = (pane: AgentPane): string[] => Array.from({ length: pane.lines.length }, (_, i) => pane.lines.at(i)!.text);

describe("unknown costs and context lines", () => {
  it("shows a cost with an unpriced turn as unknown, never the priced part alone or $0", () => {
    expect(formatCost(0.5)).toBe("$0.500");
    expect(formatCost(0, true)).toBe("cost unknown");
    expect(formatCost(0.5, true)).toBe("$0.500+unknown");
    const state = createWorkspaceState("demo", [{ name: "qa", model: "claude-mythos-preview", handoffs: [] }]);
    applyEvent(state, ev({ type: "turn_finished", agent: "qa", turn: 1, stopReason: "end_turn", usage, costUsd: 0, costUnknown: true }));
    const pane = state.panes[0]!;
    expect(formatCost(pane.costUsd, pane.costUnknown)).toBe("cost unknown");
    expect(formatCost(state.costUsd, state.costUnknown)).toBe("cost unknown");
  });

  it("puts a clearing or compaction in the pane and the headless output, and counts a summary's cost", () => {
    const state = createWorkspaceState("demo", [{ name: "backend", model: "claude-sonnet-5-5", handoffs: [] }]);
    const compacted = ev({
      type: "context_managed",
      agent: "backend",
      action: "compacted",
      by: "greenlight",
      why: "prompt_too_long",
      windowTokens: 60_000,
      tokensBefore: 61_200,
      tokensAfter: 9_800,
      usage,
      costUsd: 0.25,
    });
    applyEvent(state, compacted);
    const line = "context: compacted the conversation (greenlight, the API said the prompt was too long): 61.2k -> 9.8k of 60.0k tokens";
    expect(texts(state.panes[0]!)).toContain(line);
    expect(state.panes[0]!.costUsd).toBeCloseTo(0.25);
    expect(state.panes[0]!.tokens).toBe(160);
    expect(formatHeadlessLine(compacted)).toContain(`backend  ${line}`);
    const cleared = ev({ type: "context_managed", agent: "backend", action: "cleared_tool_results", by: "api", why: "near_window", windowTokens: 60_000, tokensBefore: 40_000, tokensAfter: 21_000, clearedToolResults: 4 });
    expect(formatHeadlessLine(cleared)).toMatch(/context: cleared 4 old tool results \(api, near the window\): 40\.0k -> 21\.0k of 60\.0k tokens$/);
  });
});
