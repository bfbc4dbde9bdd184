import type { Usage } from "../domain/conversation.js";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Keyed by model id or id prefix ("claude-sonnet-4" covers "claude-sonnet-4-5-20250929"). */
export type PriceTable = Record<string, ModelPrice>;

const price = (input: number, output: number): ModelPrice => ({ input, output, cacheWrite: input * 1.25, cacheRead: input / 10 });

/** Published list prices for 5-minute cache writes; a config object can override or extend them. */
export const DEFAULT_PRICES: PriceTable = {
  "claude-opus-4-5": price(5, 25),
  "claude-opus-4": price(15, 75),
  "claude-sonnet-4": price(3, 15),
  "claude-3-7-sonnet": price(3, 15),
  "claude-haiku-4": price(1, 5),
  "claude-3-5-haiku": price(0.8, 4),
  "claude-3-haiku": price(0.25, 1.25),
};

export function priceTable(overrides: PriceTable = {}): PriceTable {
  return { ...DEFAULT_PRICES, ...overrides };
}

/** The exact entry, else the longest key the model id starts with; undefined for an unknown model. */
export function priceOf(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** Cost of one usage in USD; an unknown model costs 0 (its price is not known, not free). */
export function costOf(usage: Usage, model: string, table: PriceTable = DEFAULT_PRICES): number {
  const entry = priceOf(model, table);
  if (!entry) return 0;
  return (
    (usage.inputTokens * entry.input +
      usage.outputTokens * entry.output +
      usage.cacheCreationInputTokens * entry.cacheWrite +
      usage.cacheReadInputTokens * entry.cacheRead) /
    1_000_000
  );
}

export function addUsage(total: Usage, more: Usage): Usage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    cacheCreationInputTokens: total.cacheCreationInputTokens + more.cacheCreationInputTokens,
    cacheReadInputTokens: total.cacheReadInputTokens + more.cacheReadInputTokens,
  };
}
