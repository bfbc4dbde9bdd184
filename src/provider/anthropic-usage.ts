import type Anthropic from "@anthropic-ai/sdk";
import type { Usage, UsageIteration } from "../domain/conversation.js";

type ApiCounts = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  cache_creation?: { ephemeral_1h_input_tokens: number } | null;
};

function counts(usage: ApiCounts): Omit<Usage, "iterations"> {
  const hour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
    ...(hour > 0 ? { cacheCreation1hInputTokens: hour } : {}),
  };
}

/** The API's usage in our terms: 1-hour cache writes apart, and the per-iteration billing when the reply has it. */
export function toUsage(usage: Anthropic.Usage | Anthropic.Beta.BetaUsage): Usage {
  const iterations: UsageIteration[] | undefined =
    "iterations" in usage && usage.iterations ? usage.iterations.map((step) => ({ type: step.type, ...counts(step as ApiCounts) })) : undefined;
  return { ...counts(usage), ...(iterations && iterations.length > 0 ? { iterations } : {}) };
}
