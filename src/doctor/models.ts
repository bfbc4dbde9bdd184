import type { ModelCapabilities } from "../provider/model-capabilities.js";
import { priceOf } from "../provider/pricing.js";
import { fail, ok, warn, type CheckResult } from "./check.js";

const tokens = (count: number | undefined) => (count === undefined ? "unknown" : count >= 1000 ? `${Math.round(count / 1000)}k` : String(count));

/** One configured model as the Models API describes it: it answers, its window and output limit, its price. */
export function checkModel(model: string, capabilities: ModelCapabilities): CheckResult {
  const name = `model ${model}`;
  if (capabilities.source !== "models_api") {
    const reason = capabilities.lookupError ?? "the Models API did not answer";
    const auth = /\b401\b|authentication|api key|x-api-key/i.test(reason);
    const missing = /\b404\b|not_found/i.test(reason);
    const fix = auth
      ? "the key was refused: check ANTHROPIC_API_KEY (console.anthropic.com, API keys) or the gateway's token"
      : missing
        ? 'no such model for this key: set "model" in greenlight.json (or the agent file\'s model) to one the Models API lists'
        : "check the network and ANTHROPIC_BASE_URL";
    return fail(name, `Models API lookup failed: ${reason.split("\n")[0]}`, fix);
  }
  const limits = `window ${tokens(capabilities.maxInputTokens)} tokens, output up to ${tokens(capabilities.maxOutputTokens)}`;
  const price = priceOf(model);
  if (!price) return warn(name, `${limits}; price unknown`, "costs show as unknown and budgets.maxCostUsd cannot be enforced for it; budgets.maxTokens still works");
  return ok(name, `${limits}; $${price.input}/$${price.output} per million input/output tokens`);
}
