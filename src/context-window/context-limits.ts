import type { ContextEditing } from "../domain/context-editing.js";
import type { ModelCapabilities } from "../provider/model-capabilities.js";

/** What a session must know of its model's window, and which of the API's context strategies it offers. */
export interface ContextLimits {
  /** Input tokens one request may hold (the Models API's `max_input_tokens`). */
  maxInputTokens: number;
  /** The API clears old tool results itself (`clear_tool_uses_20250919`). */
  apiClearing: boolean;
  /** The API compacts the conversation itself (`compact_20260112`). */
  apiCompaction: boolean;
}

const MILLION = 1_000_000;
const LEGACY_WINDOW = 200_000;

/** The published windows, for when the Models API has not said (a gateway, a cassette). */
const PUBLISHED_WINDOWS: Record<string, number> = {
  "claude-sonnet-5-5": MILLION,
  "claude-sonnet-5": MILLION,
  "claude-sonnet-4-6": MILLION,
  "claude-sonnet-4-5": LEGACY_WINDOW,
  "claude-opus-5-5": MILLION,
  "claude-opus-5": MILLION,
  "claude-haiku-5-5": MILLION,
  "claude-haiku-4-5": LEGACY_WINDOW,
  "claude-fable-5": MILLION,
  "claude-fable-5-1": MILLION,
  "claude-fable-5-2": MILLION,
  "claude-mythos-5": MILLION,
  "claude-mythos-5-1": MILLION,
  "claude-mythos-5-2": MILLION,
};

/**
 * The window from the published table (a dated snapshot by its family), else the 200K every Claude model
 * has had; no API strategy is assumed, so greenlight clears and compacts by itself.
 */
export function publishedLimits(model: string): ContextLimits {
  const family = model.replace(/-(\d{8}|latest)$/, "");
  return { maxInputTokens: PUBLISHED_WINDOWS[model] ?? PUBLISHED_WINDOWS[family] ?? LEGACY_WINDOW, apiClearing: false, apiCompaction: false };
}

/**
 * The Models API's answer where it has one, the published window where it does not. The API clears old
 * tool results only when greenlight.json's `contextEditing` asks for it (see ContextEditing for why).
 */
export function contextLimitsOf(
  model: string,
  capabilities: Pick<ModelCapabilities, "maxInputTokens" | "contextManagement"> | undefined,
  editing: ContextEditing = "greenlight",
): ContextLimits {
  const published = publishedLimits(model);
  if (!capabilities || capabilities.maxInputTokens === undefined) return published;
  return {
    maxInputTokens: capabilities.maxInputTokens,
    apiClearing: editing === "api" && capabilities.contextManagement.clearToolUses,
    apiCompaction: capabilities.contextManagement.compact,
  };
}
