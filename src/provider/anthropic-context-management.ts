import type Anthropic from "@anthropic-ai/sdk";
import type { AppliedContextEdit, ModelRequest } from "./model-provider.js";

const CONTEXT_EDITING_BETA = "context-management-2025-06-27";
const COMPACTION_BETA = "compact-2026-01-12";

export interface BetaContextParams {
  betas: string[];
  context_management: Anthropic.Beta.Messages.BetaContextManagementConfig;
}

/** The beta request fields for the context management a request asks of the API; undefined when it asks none. */
export function betaContextParams(request: ModelRequest): BetaContextParams | undefined {
  const asked = request.contextManagement;
  if (!asked || (!asked.clearToolUses && !asked.compact)) return undefined;
  const edits: NonNullable<Anthropic.Beta.Messages.BetaContextManagementConfig["edits"]> = [];
  const betas: string[] = [];
  if (asked.clearToolUses) {
    betas.push(CONTEXT_EDITING_BETA);
    edits.push({
      type: "clear_tool_uses_20250919",
      trigger: { type: "input_tokens", value: asked.clearToolUses.triggerTokens },
      keep: { type: "tool_uses", value: asked.clearToolUses.keepToolUses },
      clear_at_least: { type: "input_tokens", value: asked.clearToolUses.clearAtLeastTokens },
    });
  }
  if (asked.compact) {
    betas.push(COMPACTION_BETA);
    edits.push({ type: "compact_20260112", trigger: { type: "input_tokens", value: asked.compact.triggerTokens }, instructions: asked.compact.instructions });
  }
  return { betas, context_management: { edits } };
}

/** What the API's context editing did, from the reply's `context_management.applied_edits`. */
export function appliedEditsOf(message: unknown): AppliedContextEdit[] | undefined {
  const applied = (message as { context_management?: { applied_edits?: Array<Record<string, unknown>> } | null }).context_management?.applied_edits;
  if (!applied || applied.length === 0) return undefined;
  return applied.map((edit) => ({
    type: String(edit.type),
    clearedInputTokens: Number(edit.cleared_input_tokens ?? 0),
    clearedToolUses: Number(edit.cleared_tool_uses ?? 0),
  }));
}
