import { describe, expect, it } from "vitest";
import { contextLimitsOf } from "../../src/context-window/index.js";

const offersBoth = { maxInputTokens: 400_000, contextManagement: { clearToolUses: true, clearThinking: true, compact: true } };
const offersNone = { maxInputTokens: 400_000, contextManagement: { clearToolUses: false, clearThinking: false, compact: false } };

describe("context limits", () => {
  it("takes the Models API's window, lets greenlight clear unless the API is asked to, and uses the API's compaction", () => {
    expect(contextLimitsOf("claude-sonnet-5-5", offersBoth)).toEqual({ maxInputTokens: 400_000, apiClearing: false, apiCompaction: true });
    expect(contextLimitsOf("claude-sonnet-5-5", offersBoth, "api")).toEqual({ maxInputTokens: 400_000, apiClearing: true, apiCompaction: true });
    expect(contextLimitsOf("claude-sonnet-5-5", offersNone, "api")).toEqual({ maxInputTokens: 400_000, apiClearing: false, apiCompaction: false });
  });

  it("falls back to the published window, by family for a dated snapshot, with no API strategy assumed", () => {
    expect(contextLimitsOf("claude-haiku-4-5-20251001", undefined)).toEqual({ maxInputTokens: 200_000, apiClearing: false, apiCompaction: false });
    expect(contextLimitsOf("claude-sonnet-5-5", undefined, "api")).toEqual({ maxInputTokens: 1_000_000, apiClearing: false, apiCompaction: false });
  });
});
