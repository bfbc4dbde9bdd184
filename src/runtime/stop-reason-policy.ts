import type { ContentBlock, StopReason, ToolResultBlock } from "../domain/conversation.js";
import type { Refusal } from "../domain/reasoning.js";
import type { SessionEndReason } from "../domain/session-result.js";

/** Enough for a thinking model's reply with a whole file in it; cut replies ask again with more. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_000;
/** Where a cut reply is asked again when the model's own limit is unknown (Claude Code's 64K). */
export const ESCALATED_MAX_OUTPUT_TOKENS = 64_000;
/** "Continue, in smaller pieces" messages after a cut at the largest limit, before the session ends. */
export const MAX_CONTINUE_NUDGES = 3;

export const CUT_CALL_RESULT = "Not run: your reply was cut off at the output limit (max_tokens) before it was complete, so none of its tool calls ran.";
export const CONTINUE_NUDGE =
  "Your last reply was cut off at the output limit (max_tokens) and none of its tool calls ran. Continue directly from where you stopped, in smaller pieces: write a large file as a short Write followed by Edits that add the rest, and keep each reply short.";

/** What a `reply_cut` event says about a reply cut at max_tokens (besides the calls that did not run). */
export interface ReplyCut {
  maxTokens: number;
  next: "ask_again" | "nudge" | "end";
  newMaxTokens?: number;
  nudge?: number;
}

/** What the session does with a finished reply, decided from its stop reason alone. */
export type ReplyStep = (
  | { kind: "run_tools" }
  | { kind: "completed" }
  /** Drop the cut reply and send the same request again with a larger max_tokens. */
  | { kind: "ask_again" }
  /** Keep the cut reply, answer its calls with errors, and ask the model to go on in smaller pieces. */
  | { kind: "nudge"; results: ToolResultBlock[]; text: string }
  /** A paused turn: send its content back unchanged so the model continues it. */
  | { kind: "continue_paused" }
  /** The reply ran into the context window: truncated, its calls never run; context management may shrink the conversation. */
  | { kind: "window_exceeded" }
  | { kind: "end"; reason: SessionEndReason; error: string; refusal?: Refusal }
) & { cut?: ReplyCut };

export interface OutputLimits {
  /** max_tokens of the first request. */
  initial: number;
  /** The model's own output limit, when known. */
  modelMax: number | undefined;
}

export interface FinishedReply {
  stopReason: StopReason;
  content: readonly ContentBlock[];
  refusal?: Refusal;
}

function refusalText(refusal: Refusal | undefined): string {
  const category = refusal?.category ? ` (category: ${refusal.category})` : "";
  const explanation = refusal?.explanation ? `: ${refusal.explanation}` : "";
  return `the model refused to continue${category}${explanation}`;
}

/**
 * The session's rules for how a reply ended. A reply cut at max_tokens never has its calls run (the SDK
 * fills a cut tool input from partial JSON, so half a file looks like a whole call): it is asked again
 * once with the model's largest output, then nudged at most MAX_CONTINUE_NUDGES times, then the session
 * ends. A larger limit once reached is kept for the rest of the session.
 */
export class StopReasonPolicy {
  private current: number;
  private readonly ceiling: number;
  private nudges = 0;

  constructor(limits: OutputLimits) {
    this.ceiling = limits.modelMax ?? Math.max(limits.initial, ESCALATED_MAX_OUTPUT_TOKENS);
    this.current = Math.min(limits.initial, this.ceiling);
  }

  /** max_tokens for the next request. */
  get maxTokens(): number {
    return this.current;
  }

  decide(reply: FinishedReply): ReplyStep {
    if (reply.stopReason !== "max_tokens") this.nudges = 0;
    switch (reply.stopReason) {
      case "tool_use":
        return reply.content.some((block) => block.type === "tool_use") ? { kind: "run_tools" } : { kind: "completed" };
      case "max_tokens":
        return this.cut(reply);
      case "pause_turn":
        return { kind: "continue_paused" };
      case "refusal":
        return { kind: "end", reason: "refused", error: refusalText(reply.refusal), ...(reply.refusal ? { refusal: reply.refusal } : {}) };
      case "model_context_window_exceeded":
        return { kind: "window_exceeded" };
      default:
        return { kind: "completed" };
    }
  }

  private cut(reply: FinishedReply): ReplyStep {
    const maxTokens = this.current;
    if (this.current < this.ceiling) {
      this.current = this.ceiling;
      return { kind: "ask_again", cut: { maxTokens, next: "ask_again", newMaxTokens: this.current } };
    }
    if (this.nudges >= MAX_CONTINUE_NUDGES) {
      const error = `every reply was cut off at the output limit (${maxTokens} tokens), ${MAX_CONTINUE_NUDGES} times after asking for smaller pieces`;
      return { kind: "end", reason: "max_tokens", error, cut: { maxTokens, next: "end" } };
    }
    this.nudges++;
    const results: ToolResultBlock[] = reply.content.flatMap((block) =>
      block.type === "tool_use" ? [{ type: "tool_result" as const, tool_use_id: block.id, content: CUT_CALL_RESULT, is_error: true }] : [],
    );
    return { kind: "nudge", results, text: CONTINUE_NUDGE, cut: { maxTokens, next: "nudge", nudge: this.nudges } };
  }
}
