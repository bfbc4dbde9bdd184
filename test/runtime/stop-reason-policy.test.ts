import { describe, expect, it } from "vitest";
import type { ContentBlock } from "../../src/domain/conversation.js";
import { CUT_CALL_RESULT, ESCALATED_MAX_OUTPUT_TOKENS, MAX_CONTINUE_NUDGES, StopReasonPolicy } from "../../src/runtime/stop-reason-policy.js";

const write: ContentBlock = { type: "tool_use", id: "t1", name: "Write", input: { file_path: "a.js" } };

describe("the stop-reason policy", () => {
  it("asks a cut reply again once at the model's limit, then nudges three times, then ends", () => {
    const policy = new StopReasonPolicy({ initial: 32_000, modelMax: 128_000 });
    expect(policy.maxTokens).toBe(32_000);
    expect(policy.decide({ stopReason: "max_tokens", content: [write] })).toEqual({ kind: "ask_again", cut: { maxTokens: 32_000, next: "ask_again", newMaxTokens: 128_000 } });
    expect(policy.maxTokens).toBe(128_000);
    for (let nudge = 1; nudge <= MAX_CONTINUE_NUDGES; nudge++) {
      const step = policy.decide({ stopReason: "max_tokens", content: [write] });
      expect(step).toMatchObject({ kind: "nudge", cut: { maxTokens: 128_000, next: "nudge", nudge }, results: [{ type: "tool_result", tool_use_id: "t1", content: CUT_CALL_RESULT, is_error: true }] });
    }
    expect(policy.decide({ stopReason: "max_tokens", content: [write] })).toMatchObject({ kind: "end", reason: "max_tokens", cut: { next: "end" } });
  });

  it("escalates to 64K when the model's limit is unknown, and starts the nudge count again after a whole reply", () => {
    const policy = new StopReasonPolicy({ initial: 8_000, modelMax: undefined });
    expect(policy.decide({ stopReason: "max_tokens", content: [] })).toMatchObject({ kind: "ask_again", cut: { newMaxTokens: ESCALATED_MAX_OUTPUT_TOKENS } });
    expect(policy.decide({ stopReason: "max_tokens", content: [] })).toMatchObject({ kind: "nudge", cut: { nudge: 1 } });
    expect(policy.decide({ stopReason: "tool_use", content: [write] })).toEqual({ kind: "run_tools" });
    expect(policy.decide({ stopReason: "max_tokens", content: [] })).toMatchObject({ kind: "nudge", cut: { nudge: 1 } });
  });

  it("names refusals, continues paused turns and treats a window stop as truncated", () => {
    const policy = new StopReasonPolicy({ initial: 32_000, modelMax: 128_000 });
    expect(policy.decide({ stopReason: "refusal", content: [], refusal: { category: "cyber", explanation: null } })).toEqual({
      kind: "end",
      reason: "refused",
      error: "the model refused to continue (category: cyber)",
      refusal: { category: "cyber", explanation: null },
    });
    expect(policy.decide({ stopReason: "pause_turn", content: [] })).toEqual({ kind: "continue_paused" });
    expect(policy.decide({ stopReason: "model_context_window_exceeded", content: [write] })).toEqual({ kind: "window_exceeded" });
    expect(policy.decide({ stopReason: "end_turn", content: [] })).toEqual({ kind: "completed" });
  });
});
