import type Anthropic from "@anthropic-ai/sdk";
import { EFFORT_LEVELS, type Effort, type ThinkingSetting } from "../domain/reasoning.js";
import type { ModelCapabilities } from "./model-capabilities.js";

const MIN_BUDGET = 1024;
/** With thinking off, models take effort up to high. */
const MAX_EFFORT_WITHOUT_THINKING: Effort = "high";

export interface ReasoningParams {
  thinking?: Anthropic.ThinkingConfigParam;
  effort?: Effort;
}

/**
 * The `thinking` a model accepts for a setting: adaptive with summarized display (so panes have
 * something to show), "off" as `disabled` or else `between_tools`, a budget as `enabled`. Nothing is sent
 * when the model takes none of them, and then the model's own default applies.
 */
function thinkingParam(setting: ThinkingSetting, caps: ModelCapabilities, maxTokens: number): Anthropic.ThinkingConfigParam | undefined {
  const accepts = (type: ModelCapabilities["thinkingTypes"][number]) => caps.thinkingTypes.includes(type);
  if (setting === "off") {
    if (accepts("disabled")) return { type: "disabled" };
    return accepts("between_tools") ? { type: "between_tools" } : undefined;
  }
  if (typeof setting === "number" && accepts("enabled") && maxTokens > MIN_BUDGET) {
    return { type: "enabled", budget_tokens: Math.max(MIN_BUDGET, Math.min(setting, maxTokens - 1)), display: "summarized" };
  }
  return accepts("adaptive") ? { type: "adaptive", display: "summarized" } : undefined;
}

/** The asked level if the model takes it, else the nearest lower level it takes, else its lowest. */
function effortParam(asked: Effort | undefined, caps: ModelCapabilities, thinkingOff: boolean): Effort | undefined {
  if (asked === undefined || caps.effortLevels.length === 0) return undefined;
  const ceiling = thinkingOff ? Math.min(EFFORT_LEVELS.indexOf(asked), EFFORT_LEVELS.indexOf(MAX_EFFORT_WITHOUT_THINKING)) : EFFORT_LEVELS.indexOf(asked);
  const taken = caps.effortLevels.filter((level) => EFFORT_LEVELS.indexOf(level) <= ceiling);
  return taken.at(-1) ?? caps.effortLevels[0];
}

export function reasoningParams(thinking: ThinkingSetting | undefined, effort: Effort | undefined, caps: ModelCapabilities, maxTokens: number): ReasoningParams {
  const thinkingConfig = thinkingParam(thinking ?? "adaptive", caps, maxTokens);
  const off = thinkingConfig?.type === "disabled" || thinkingConfig?.type === "between_tools";
  const level = effortParam(effort, caps, off);
  return { ...(thinkingConfig ? { thinking: thinkingConfig } : {}), ...(level ? { effort: level } : {}) };
}
