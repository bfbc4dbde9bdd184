import { ConfigError } from "../domain/config-error.js";
import { priceOf, priceTable } from "../provider/pricing.js";
import type { RunConfig } from "./config.js";
import type { TeamMember } from "./team-info.js";

/**
 * A cost budget can only be kept when every model's price is known: a run with one refuses to start on a
 * model greenlight cannot price, and says how to give the price.
 */
export function refuseUnpricedModels(config: Pick<RunConfig, "budgets" | "pricing">, team: readonly TeamMember[]): void {
  if (config.budgets.maxCostUsd === undefined) return;
  const table = priceTable(config.pricing);
  const unpriced = team.filter((member) => !priceOf(member.model, table));
  if (unpriced.length === 0) return;
  const models = [...new Set(unpriced.map((member) => member.model))];
  const who = unpriced.map((member) => `${member.name} (${member.model})`).join(", ");
  throw new ConfigError(
    `greenlight.json budgets.maxCostUsd is $${config.budgets.maxCostUsd}, but the price of ${models.join(", ")} is not known (used by ${who}), so the budget cannot be kept. ` +
      `Give it in greenlight.json, USD per million tokens: "pricing": { "${models[0]}": { "input": 3, "output": 15, "cacheWrite5m": 3.75, "cacheWrite1h": 6, "cacheRead": 0.3 } }`,
  );
}
