import type Anthropic from "@anthropic-ai/sdk";
import { EFFORT_LEVELS, type Effort } from "../domain/reasoning.js";

/** The `thinking.type` values a request may carry. */
export const THINKING_TYPES = ["adaptive", "enabled", "between_tools", "disabled"] as const;
export type ThinkingType = (typeof THINKING_TYPES)[number];

/** What a model accepts and how much it holds, as the Models API reports it (or assumed when it cannot be read). */
export interface ModelCapabilities {
  model: string;
  /** The context window in tokens; undefined when unknown. */
  maxInputTokens: number | undefined;
  /** The largest `max_tokens` it takes; undefined when unknown. */
  maxOutputTokens: number | undefined;
  /** The thinking types it accepts; empty when unknown (then no `thinking` is sent). */
  thinkingTypes: readonly ThinkingType[];
  /** The effort levels it accepts; empty when it takes none or it is unknown (then no effort is sent). */
  effortLevels: readonly Effort[];
  contextManagement: { clearToolUses: boolean; clearThinking: boolean; compact: boolean };
  /** "models_api" when read from the API, "unknown" when the lookup failed and nothing is assumed. */
  source: "models_api" | "unknown";
  /** Why the lookup failed, for `greenlight doctor`. */
  lookupError?: string;
}

/** Reads each model's capabilities once and keeps them for the run. */
export interface ModelCapabilitiesReader {
  capabilities(model: string): Promise<ModelCapabilities>;
}

/** Capabilities when nothing is known: the request carries only what every model takes. */
export function unknownCapabilities(model: string, lookupError?: string): ModelCapabilities {
  return {
    model,
    maxInputTokens: undefined,
    maxOutputTokens: undefined,
    thinkingTypes: [],
    effortLevels: [],
    contextManagement: { clearToolUses: false, clearThinking: false, compact: false },
    source: "unknown",
    ...(lookupError === undefined ? {} : { lookupError }),
  };
}

/** The Models API's answer in greenlight's terms. */
export function capabilitiesFromModelInfo(info: Anthropic.ModelInfo): ModelCapabilities {
  const caps = info.capabilities;
  const thinking = caps?.thinking.types;
  const effort = caps?.effort;
  const context = caps?.context_management;
  return {
    model: info.id,
    maxInputTokens: info.max_input_tokens ?? undefined,
    maxOutputTokens: info.max_tokens ?? undefined,
    thinkingTypes: thinking ? THINKING_TYPES.filter((type) => thinking[type]?.supported === true) : [],
    effortLevels: effort?.supported ? EFFORT_LEVELS.filter((level) => effort[level]?.supported === true) : [],
    contextManagement: {
      clearToolUses: context?.clear_tool_uses_20250919?.supported === true,
      clearThinking: context?.clear_thinking_20251015?.supported === true,
      compact: context?.compact_20260112?.supported === true,
    },
    source: "models_api",
  };
}

/** A lookup that has not answered by then is given up: the run goes on with unknown capabilities. */
const LOOKUP_TIMEOUT_MS = 15_000;

/**
 * A reader through the SDK's `client.models.retrieve`, one lookup per model however many sessions ask
 * (concurrent asks share it). A failed lookup is remembered as unknown capabilities, so requests fall
 * back to what every model accepts instead of failing the run.
 */
export function createModelCapabilitiesReader(models: Pick<Anthropic.Models, "retrieve">): ModelCapabilitiesReader {
  const cache = new Map<string, Promise<ModelCapabilities>>();
  return {
    capabilities(model) {
      let known = cache.get(model);
      if (!known) {
        known = models.retrieve(model, {}, { timeout: LOOKUP_TIMEOUT_MS }).then(capabilitiesFromModelInfo, (error: unknown) => unknownCapabilities(model, error instanceof Error ? error.message : String(error)));
        cache.set(model, known);
      }
      return known;
    },
  };
}
