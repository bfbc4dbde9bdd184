import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { billedUsage, costOf, DEFAULT_PRICES, isKnownModel, priceOf, priceTable } from "../../src/provider/pricing.js";

/** Every model id the installed SDK's `Model` union lists, read from its .d.ts (the SDK ships no runtime list). */
function sdkModelIds(): string[] {
  const root = join(import.meta.dirname, "../../node_modules/@anthropic-ai/sdk");
  const types = readFileSync(join(root, "resources/messages/messages.d.ts"), "utf8");
  const union = /export type Model =([^;]+);/.exec(types)?.[1];
  if (!union) throw new Error("no `export type Model` in the SDK's messages.d.ts");
  return [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

const million = (fields: Partial<Record<"inputTokens" | "outputTokens" | "cacheCreationInputTokens" | "cacheReadInputTokens" | "cacheCreation1hInputTokens", number>>) => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  ...fields,
});

describe("the price table", () => {
  it("knows every model the installed SDK lists", () => {
    const ids = sdkModelIds();
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((id) => !isKnownModel(id))).toEqual([]);
  });

  it("prices Sonnet 5.5 at its list price, every kind of token apart", () => {
    const usage = million({ inputTokens: 1e6, outputTokens: 1e6, cacheCreationInputTokens: 3e6, cacheCreation1hInputTokens: 1e6, cacheReadInputTokens: 1e6 });
    // 2 in + 10 out + 2 x 2.50 (5-minute writes) + 4 (1-hour writes) + 0.10 reads.
    expect(costOf(usage, "claude-sonnet-5-5")).toBeCloseTo(2 + 10 + 5 + 4 + 0.1);
  });

  it("prices Opus 4.6 to 4.8 at $5 / $25, not the old Opus 4 price", () => {
    for (const model of ["claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8"]) expect(costOf(million({ inputTokens: 1e6, outputTokens: 1e6 }), model)).toBeCloseTo(30);
    expect(costOf(million({ inputTokens: 1e6, outputTokens: 1e6 }), "claude-opus-4-1")).toBeCloseTo(90);
  });

  it("prices a dated snapshot by its family", () => {
    expect(priceOf("claude-haiku-4-5-20251001")).toBe(DEFAULT_PRICES["claude-haiku-4-5"]);
    expect(priceOf("claude-sonnet-4-5-20250929")).toBe(DEFAULT_PRICES["claude-sonnet-4-5"]);
    expect(priceOf("claude-sonnet-4-50")).toBeUndefined();
  });

  it("bills a whole Haiku 5.5 request above 100K prompt tokens at the long-prompt rate", () => {
    const short = million({ inputTokens: 40_000, cacheReadInputTokens: 60_000, outputTokens: 1_000 });
    const long = million({ inputTokens: 40_001, cacheReadInputTokens: 60_000, outputTokens: 1_000 });
    expect(costOf(short, "claude-haiku-5-5")).toBeCloseTo((40_000 * 0.1 + 60_000 * 0.01 + 1_000 * 0.5) / 1e6, 10);
    expect(costOf(long, "claude-haiku-5-5")).toBeCloseTo((40_001 * 0.5 + 60_000 * 0.05 + 1_000 * 2.5) / 1e6, 10);
  });

  it("bills from usage.iterations when present: a compaction's tokens are only there", () => {
    const top = million({ inputTokens: 1_000, outputTokens: 500 });
    const usage = { ...top, iterations: [{ type: "compaction", ...million({ inputTokens: 150_000, outputTokens: 3_000 }) }, { type: "message", ...top }] };
    expect(costOf(usage, "claude-sonnet-5-5")).toBeCloseTo((151_000 * 2 + 3_500 * 10) / 1e6, 10);
    expect(billedUsage(usage)).toMatchObject({ inputTokens: 151_000, outputTokens: 3_500 });
  });

  it("says unknown, never 0, for a model or a kind of token without a published price", () => {
    expect(costOf(million({ inputTokens: 10 }), "gpt-whatever")).toBeUndefined();
    expect(isKnownModel("claude-mythos-preview")).toBe(true);
    expect(costOf(million({ inputTokens: 10 }), "claude-mythos-preview")).toBeUndefined();
    expect(costOf(million({ inputTokens: 1e6, outputTokens: 1e6 }), "claude-fable-5-2")).toBeCloseTo(48);
    expect(costOf(million({ inputTokens: 1e6, cacheReadInputTokens: 10 }), "claude-fable-5-2")).toBeUndefined();
  });

  it("takes greenlight.json prices over the table, cache rates defaulting to the standard multipliers", () => {
    const table = priceTable({ "my-gateway-model": { input: 1, output: 2 }, "claude-sonnet-5-5": { input: 3, output: 4, cacheRead: 0 } });
    expect(costOf(million({ inputTokens: 1e6, outputTokens: 1e6, cacheCreationInputTokens: 1e6 }), "my-gateway-model", table)).toBeCloseTo(1 + 2 + 1.25);
    expect(costOf(million({ inputTokens: 1e6, cacheReadInputTokens: 1e6 }), "claude-sonnet-5-5", table)).toBeCloseTo(3);
  });
});
