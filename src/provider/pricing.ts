import type { Usage } from "../domain/conversation.js";

/**
 * USD per million tokens. A cache rate left out is one Anthropic has not published: tokens of that kind
 * make a cost unknown rather than free.
 */
export interface TokenRates {
  input: number;
  output: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
}

export interface ModelPrice extends TokenRates {
  /** A higher rate for a whole request whose prompt (input, cache writes and cache reads) is above the threshold. */
  longPrompt?: { aboveTokens: number; rates: TokenRates };
}

/** Keyed by model id (a dated snapshot is priced by its family's id); null: the model is known, its price is not. */
export type PriceTable = Record<string, ModelPrice | null>;

const rates = (input: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number, output: number): TokenRates => ({ input, cacheWrite5m, cacheWrite1h, cacheRead, output });
/** The standard multipliers of the older models: 5-minute writes 1.25x input, 1-hour writes 2x, reads 0.1x. */
const standard = (input: number, output: number): TokenRates => rates(input, input * 1.25, input * 2, input / 10, output);

const OPUS_4_5_TO_5 = rates(5, 6.25, 10, 0.5, 25);
const FABLE_MYTHOS_5 = rates(10, 12.5, 20, 1, 50);
const FABLE_MYTHOS_5_1 = rates(10, 12.5, 20, 0.25, 50);
/** Cache prices for the 5.2 models are not published. */
const FABLE_MYTHOS_5_2: TokenRates = { input: 8, output: 40 };

/** Published list prices (input / 5-min write / 1-h write / cache read / output); greenlight.json `pricing` overrides them. */
export const DEFAULT_PRICES: PriceTable = {
  "claude-sonnet-5-5": rates(2, 2.5, 4, 0.1, 10),
  "claude-sonnet-5": rates(2, 2.5, 4, 0.2, 10),
  "claude-sonnet-4-6": rates(3, 3.75, 6, 0.3, 15),
  "claude-sonnet-4-5": rates(3, 3.75, 6, 0.3, 15),
  "claude-opus-5-5": rates(4, 5, 8, 0.2, 20),
  "claude-opus-5": OPUS_4_5_TO_5,
  "claude-opus-4-8": OPUS_4_5_TO_5,
  "claude-opus-4-7": OPUS_4_5_TO_5,
  "claude-opus-4-6": OPUS_4_5_TO_5,
  "claude-opus-4-5": OPUS_4_5_TO_5,
  "claude-haiku-5-5": { ...rates(0.1, 0.125, 0.2, 0.01, 0.5), longPrompt: { aboveTokens: 100_000, rates: rates(0.5, 0.625, 1, 0.05, 2.5) } },
  "claude-haiku-4-5": rates(1, 1.25, 2, 0.1, 5),
  "claude-fable-5": FABLE_MYTHOS_5,
  "claude-mythos-5": FABLE_MYTHOS_5,
  "claude-fable-5-1": FABLE_MYTHOS_5_1,
  "claude-mythos-5-1": FABLE_MYTHOS_5_1,
  "claude-fable-5-2": FABLE_MYTHOS_5_2,
  "claude-mythos-5-2": FABLE_MYTHOS_5_2,
  "claude-mythos-preview": null,
  // Older models people still name in agent files.
  "claude-opus-4-1": standard(15, 75),
  "claude-opus-4-0": standard(15, 75),
  "claude-opus-4": standard(15, 75),
  "claude-sonnet-4-0": standard(3, 15),
  "claude-sonnet-4": standard(3, 15),
  "claude-3-7-sonnet": standard(3, 15),
  "claude-3-5-haiku": standard(0.8, 4),
  "claude-3-haiku": standard(0.25, 1.25),
};

/** Prices as the API bills them when greenlight.json `pricing` names a model: its cache rates default to the standard multipliers. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
}

export function priceTable(overrides: Record<string, PriceOverride> = {}): PriceTable {
  const table: PriceTable = { ...DEFAULT_PRICES };
  for (const [model, given] of Object.entries(overrides)) table[model] = { ...standard(given.input, given.output), ...given };
  return table;
}

const DATED = /-(\d{8}|latest)$/;

/** The table's key for a model id: itself, or its family for a dated snapshot (`claude-haiku-4-5-20251001`) or a `-latest` alias. */
function entryKey(model: string, table: PriceTable): string | undefined {
  if (model in table) return model;
  const family = model.replace(DATED, "");
  return family in table ? family : undefined;
}

/** Whether the table has the model at all (a model whose price is not published is known too). */
export function isKnownModel(model: string, table: PriceTable = DEFAULT_PRICES): boolean {
  return entryKey(model, table) !== undefined;
}

/** The model's price, or undefined when it is not known. */
export function priceOf(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  const key = entryKey(model, table);
  return key === undefined ? undefined : (table[key] ?? undefined);
}

type Counts = Omit<Usage, "iterations">;

function stepCost(counts: Counts, price: ModelPrice): number | undefined {
  const prompt = counts.inputTokens + counts.cacheCreationInputTokens + counts.cacheReadInputTokens;
  const rate = price.longPrompt && prompt > price.longPrompt.aboveTokens ? price.longPrompt.rates : price;
  const hour = counts.cacheCreation1hInputTokens ?? 0;
  const parts: Array<[tokens: number, perMillion: number | undefined]> = [
    [counts.inputTokens, rate.input],
    [counts.outputTokens, rate.output],
    [counts.cacheCreationInputTokens - hour, rate.cacheWrite5m],
    [hour, rate.cacheWrite1h],
    [counts.cacheReadInputTokens, rate.cacheRead],
  ];
  let usd = 0;
  for (const [tokens, perMillion] of parts) {
    if (tokens === 0) continue;
    if (perMillion === undefined) return undefined;
    usd += (tokens * perMillion) / 1_000_000;
  }
  return usd;
}

/**
 * What one request cost in USD, or undefined when the model's price (or the price of a kind of token it
 * used) is not known. A request with `iterations` is billed per iteration: a server-side compaction's
 * tokens are only there, and the long-prompt rate applies per sampling step.
 */
export function costOf(usage: Usage, model: string, table: PriceTable = DEFAULT_PRICES): number | undefined {
  const price = priceOf(model, table);
  if (!price) return undefined;
  const steps: Counts[] = usage.iterations && usage.iterations.length > 0 ? usage.iterations : [usage];
  let usd = 0;
  for (const step of steps) {
    const cost = stepCost(step, price);
    if (cost === undefined) return undefined;
    usd += cost;
  }
  return usd;
}

/** The tokens a request was billed for: its iterations' when it has them (a compaction's are only there). */
export function billedUsage(usage: Usage): Usage {
  if (!usage.iterations || usage.iterations.length === 0) return usage;
  return usage.iterations.reduce<Usage>((sum, step) => addCounts(sum, step), { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 });
}

function addCounts(total: Usage, more: Counts): Usage {
  const hour = (total.cacheCreation1hInputTokens ?? 0) + (more.cacheCreation1hInputTokens ?? 0);
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    cacheCreationInputTokens: total.cacheCreationInputTokens + more.cacheCreationInputTokens,
    cacheReadInputTokens: total.cacheReadInputTokens + more.cacheReadInputTokens,
    ...(hour > 0 ? { cacheCreation1hInputTokens: hour } : {}),
  };
}

/** A running total of billed tokens (iterations folded in, so a session's total counts its compactions). */
export function addUsage(total: Usage, more: Usage): Usage {
  return addCounts(billedUsage(total), billedUsage(more));
}
