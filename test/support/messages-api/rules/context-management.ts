import { cacheUsage, tokensOf } from "../cache-usage.js";
import { effectiveCache, effectivePrompt, promptChanged } from "../effective-prompt.js";
import { invalidRequest, type ApiRequest, type PlannedReply, type ServerRule } from "../rule.js";

/** Each context edit is beta: honoured only with its header, and only on a model that offers it. */
const EDITS: Record<string, { beta: string; offered: (request: ApiRequest) => boolean }> = {
  clear_tool_uses_20250919: { beta: "context-management-2025-06-27", offered: ({ model }) => model.contextManagement.clearToolUses },
  clear_thinking_20251015: { beta: "context-management-2025-06-27", offered: ({ model }) => model.contextManagement.clearThinking },
  compact_20260112: { beta: "compact-2026-01-12", offered: ({ model }) => model.contextManagement.compact },
};
const COMPACT_MIN_TRIGGER = 50_000;

function refused(request: ApiRequest) {
  const config = request.body.context_management as { edits?: Array<{ type?: string; trigger?: { value?: number } }> } | undefined;
  if (config === undefined) return undefined;
  for (const [index, edit] of (config.edits ?? []).entries()) {
    const known = EDITS[String(edit.type)];
    if (!known) return invalidRequest(`context_management.edits.${index}.type: Input tag '${String(edit.type)}' found using 'type' does not match any of the expected tags`);
    if (!request.betas.includes(known.beta)) {
      return invalidRequest(`context_management: Extra inputs are not permitted (the '${String(edit.type)}' edit needs the beta header 'anthropic-beta: ${known.beta}')`);
    }
    if (!known.offered(request)) return invalidRequest(`context_management.edits.${index}: '${String(edit.type)}' is not supported for ${request.model.id}`);
    if (edit.type === "compact_20260112" && edit.trigger?.value !== undefined && edit.trigger.value < COMPACT_MIN_TRIGGER) {
      return invalidRequest(`context_management.edits.${index}.trigger.value: must be at least ${COMPACT_MIN_TRIGGER}`);
    }
  }
  return undefined;
}

function shaped(reply: PlannedReply, request: ApiRequest): PlannedReply {
  const effective = effectivePrompt(request);
  if (!promptChanged(request, effective)) return reply;
  const read = cacheUsage(effective.body, effectiveCache(request.server));
  const deltaFields = request.body.context_management === undefined ? reply.deltaFields : { ...reply.deltaFields, context_management: { applied_edits: effective.applied } };
  if (!effective.compaction) return { ...reply, usage: { ...reply.usage, ...read }, deltaFields };
  const { compaction } = effective;
  const block = { type: "compaction", content: compaction.summary, encrypted_content: null };
  const summaryTokens = tokensOf(compaction.summary);
  // A compaction is a sampling step of its own, billed apart: its tokens are only in `iterations`.
  const closing = { type: "compaction", input_tokens: compaction.closedTokens, output_tokens: summaryTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (compaction.pause) {
    return { ...reply, content: [block], stopReason: "compaction", outputTokens: summaryTokens, usage: { ...reply.usage, ...read, iterations: [closing] }, deltaFields };
  }
  const message = { type: "message", ...read, output_tokens: reply.outputTokens, model: request.model.id };
  return { ...reply, content: [block, ...reply.content], usage: { ...reply.usage, ...read, iterations: [closing, message] }, deltaFields };
}

/**
 * Context editing and server-side compaction (beta): edits need their header and a model that offers
 * them; the reply reports `context_management.applied_edits`, a compaction's reply starts with its
 * `compaction` block, and usage counts what the model read after the edits.
 */
export const contextManagement: ServerRule = { name: "context management", check: refused, shape: shaped };
