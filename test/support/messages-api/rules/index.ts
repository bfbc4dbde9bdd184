import type { ServerRule } from "../rule.js";
import { contextManagement } from "./context-management.js";
import { contextWindow } from "./context-window.js";
import { emptyText } from "./empty-text.js";
import { outputLimit } from "./output-limit.js";
import { assistantPrefill } from "./prefill.js";
import { samplingParameters } from "./sampling.js";
import { thinkingBlocks } from "./thinking-blocks.js";
import { thinkingConfig } from "./thinking-config.js";
import { forcedToolChoice } from "./tool-choice.js";

/** The documented request rules of today's models, in the order the API reports them. */
export const STRICT_RULES: readonly ServerRule[] = [outputLimit, thinkingConfig, samplingParameters, forcedToolChoice, emptyText, assistantPrefill, thinkingBlocks, contextManagement, contextWindow];

export { checkApiKey } from "./authentication.js";
