/**
 * What the strict server knows of each model: limits and the request shapes it accepts, as the
 * Models API and the migration guides document them. Tests may pass their own (a small window, a low
 * output limit) to reach the edges quickly.
 */

export type Effort = "low" | "medium" | "high" | "xhigh" | "max";
export type ThinkingType = "adaptive" | "enabled" | "between_tools" | "disabled";

export interface ModelProfile {
  id: string;
  displayName: string;
  line: "haiku" | "sonnet" | "opus" | "fable" | "mythos" | null;
  maxInputTokens: number;
  maxTokens: number;
  thinkingTypes: readonly ThinkingType[];
  /** What a request that names no `thinking` gets. */
  defaultThinking: "adaptive" | "off";
  defaultDisplay: "omitted" | "summarized";
  effortLevels: readonly Effort[];
  samplingParameters: boolean;
  assistantPrefill: boolean;
  contextManagement: { clearToolUses: boolean; clearThinking: boolean; compact: boolean };
}

export const SONNET_5_5: ModelProfile = {
  id: "claude-sonnet-5-5",
  displayName: "Claude Sonnet 5.5",
  line: "sonnet",
  maxInputTokens: 1_000_000,
  maxTokens: 128_000,
  thinkingTypes: ["adaptive", "between_tools"],
  defaultThinking: "adaptive",
  defaultDisplay: "omitted",
  effortLevels: ["low", "medium", "high", "xhigh", "max"],
  samplingParameters: false,
  assistantPrefill: false,
  contextManagement: { clearToolUses: true, clearThinking: true, compact: true },
};

export const SONNET_4_5: ModelProfile = {
  id: "claude-sonnet-4-5",
  displayName: "Claude Sonnet 4.5",
  line: "sonnet",
  maxInputTokens: 200_000,
  maxTokens: 64_000,
  thinkingTypes: ["enabled", "disabled"],
  defaultThinking: "off",
  defaultDisplay: "summarized",
  effortLevels: [],
  samplingParameters: true,
  assistantPrefill: true,
  contextManagement: { clearToolUses: true, clearThinking: true, compact: false },
};

export const HAIKU_4_5: ModelProfile = {
  ...SONNET_4_5,
  id: "claude-haiku-4-5",
  displayName: "Claude Haiku 4.5",
  line: "haiku",
};

export const DEFAULT_PROFILES: readonly ModelProfile[] = [SONNET_5_5, SONNET_4_5, HAIKU_4_5];

const support = (supported: boolean) => ({ supported });

/** The Models API's `ModelInfo` for a profile, in the SDK's shape. */
export function modelInfo(profile: ModelProfile): Record<string, unknown> {
  const has = (type: ThinkingType) => support(profile.thinkingTypes.includes(type));
  const effort = (level: Effort) => support(profile.effortLevels.includes(level));
  const context = profile.contextManagement;
  return {
    type: "model",
    id: profile.id,
    display_name: profile.displayName,
    created_at: "2026-09-01T00:00:00Z",
    lifecycle: "active",
    deprecated_at: null,
    retires_at: null,
    line: profile.line,
    max_input_tokens: profile.maxInputTokens,
    max_tokens: profile.maxTokens,
    capabilities: {
      batch: support(true),
      citations: support(true),
      code_execution: support(true),
      image_input: support(true),
      pdf_input: support(true),
      structured_outputs: support(true),
      server_tools: { supported: true, code_execution: support(true), web_search: support(true) },
      context_management: {
        supported: context.clearToolUses || context.clearThinking || context.compact,
        clear_tool_uses_20250919: support(context.clearToolUses),
        clear_thinking_20251015: support(context.clearThinking),
        compact_20260112: support(context.compact),
      },
      effort: {
        supported: profile.effortLevels.length > 0,
        low: effort("low"),
        medium: effort("medium"),
        high: effort("high"),
        xhigh: effort("xhigh"),
        max: effort("max"),
      },
      thinking: {
        supported: profile.thinkingTypes.some((type) => type === "adaptive" || type === "enabled"),
        types: { adaptive: has("adaptive"), enabled: has("enabled"), between_tools: has("between_tools"), disabled: support(profile.thinkingTypes.includes("disabled")) },
      },
    },
  };
}
