import { tokensOf, type CacheUsage } from "./cache-usage.js";
import type { ApiRequest, PlannedReply, WireBlock } from "./rule.js";
import { REDACTED_PAYLOAD } from "./signature.js";
import type { FakeBlock, ScriptedMessage } from "./script.js";

const DEFAULT_SUMMARY = "Working out the next step.";

/** A tool input cut mid-JSON: what the stream sends for the block at `index`. */
export interface CutInput {
  index: number;
  json: string;
}

export type Plan = PlannedReply & { cutInput?: CutInput };

function startsWithThinking(content: readonly FakeBlock[]): boolean {
  const first = content[0]?.type;
  return first === "thinking" || first === "redacted_thinking";
}

/** The scripted blocks as the model produces them for this request: thinking added when it thinks, or dropped when it does not. */
function producedBlocks(script: ScriptedMessage, request: ApiRequest, strict: boolean): FakeBlock[] {
  if (!strict) return script.content;
  const type = (request.body.thinking as { type?: string } | undefined)?.type;
  if (request.thinkingOn) {
    return startsWithThinking(script.content) ? script.content : [{ type: "thinking", thinking: script.thinking ?? DEFAULT_SUMMARY }, ...script.content];
  }
  return type === "between_tools" ? script.content : script.content.filter((block) => block.type !== "thinking" && block.type !== "redacted_thinking");
}

function shownThinking(summary: string, request: ApiRequest, strict: boolean): string {
  if (!strict) return summary;
  const thinking = request.body.thinking as { type?: string; display?: string | null } | undefined;
  if (thinking?.type === "between_tools") return summary;
  const display = thinking?.display ?? request.model.defaultDisplay;
  return display === "summarized" ? summary : "";
}

function costOf(block: FakeBlock, index: number, script: ScriptedMessage): number {
  switch (block.type) {
    case "thinking":
      return index === 0 && script.thinkingTokens !== undefined ? script.thinkingTokens : tokensOf(block.thinking);
    case "redacted_thinking":
      return 1;
    case "text":
      return tokensOf(block.text);
    case "tool_use":
      return tokensOf(block.input);
  }
}

function wire(block: FakeBlock, request: ApiRequest, strict: boolean): WireBlock {
  const signer = request.server.signer;
  switch (block.type) {
    case "thinking": {
      const shown = shownThinking(block.thinking, request, strict);
      return { type: "thinking", thinking: shown, signature: signer.sign(shown) };
    }
    case "redacted_thinking":
      return { type: "redacted_thinking", data: signer.sign(REDACTED_PAYLOAD) };
    default:
      return { ...block };
  }
}

/**
 * The reply the server streams for a scripted message. In strict mode thinking counts against the
 * request's max_tokens like the rest of the output, and a reply that does not fit is cut where the
 * budget runs out, mid-text or mid tool input, with stop reason `max_tokens`.
 */
export function planReply(script: ScriptedMessage, request: ApiRequest, usage: CacheUsage, strict: boolean): Plan {
  const budget = strict ? Number(request.body.max_tokens) : Number.POSITIVE_INFINITY;
  const content: WireBlock[] = [];
  let used = 0;
  let cutInput: CutInput | undefined;
  let cut = false;
  for (const [index, block] of producedBlocks(script, request, strict).entries()) {
    const cost = costOf(block, index, script);
    if (used + cost <= budget) {
      content.push(wire(block, request, strict));
      used += cost;
      continue;
    }
    cut = true;
    const chars = (budget - used) * 4;
    if (block.type === "thinking" || block.type === "redacted_thinking") content.push(wire(block, request, strict));
    else if (block.type === "text" && chars > 0) content.push({ type: "text", text: block.text.slice(0, chars) });
    else if (block.type === "tool_use") {
      cutInput = { index: content.length, json: JSON.stringify(block.input).slice(0, Math.max(1, chars)) };
      content.push({ ...block });
    }
    used = budget;
    break;
  }
  const stopReason = cut ? "max_tokens" : (script.stopReason ?? (content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn"));
  return {
    content,
    stopReason,
    stopDetails: script.stopDetails ?? null,
    outputTokens: Math.max(1, used),
    usage: { ...usage },
    deltaFields: {},
    ...(cutInput ? { cutInput } : {}),
  };
}
