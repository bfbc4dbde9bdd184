import type { Message, StopReason, ToolSpec, Usage, ContentBlock } from "../domain/conversation.js";
import type { Effort, Refusal, ThinkingSetting } from "../domain/reasoning.js";
import type { ModelCapabilities } from "./model-capabilities.js";

export interface ModelRequest {
  model: string;
  /**
   * The system prompt as blocks, each ending at a cache breakpoint (at most two, so that with the tools'
   * and the newest message's the request stays within the API's four).
   */
  system: readonly string[];
  tools: ToolSpec[];
  messages: Message[];
  maxTokens: number;
  /** The thinking asked for; the provider sends only what the model accepts ("adaptive" when absent). */
  thinking?: ThinkingSetting;
  /** The effort asked for; the model's default when absent or when it takes none. */
  effort?: Effort;
  /** Which agent asks (the scripted provider looks turns up by it). */
  agent: string;
  /** The requirement the session works on, when the orchestrator runs it. */
  requirement?: string;
  /** Context management the API does itself (beta), when the session's context window asks for it. */
  contextManagement?: ContextManagementRequest;
  /**
   * A cache breakpoint on the last block of this message too: right after a compacted prefix, so the
   * turns after a compaction read it from cache (a system block gives up its breakpoint for it).
   */
  cacheBreakpointAfter?: number;
}

/** Server-side context editing and compaction, in our terms (thresholds in input tokens). */
export interface ContextManagementRequest {
  clearToolUses?: { triggerTokens: number; keepToolUses: number; clearAtLeastTokens: number };
  compact?: { triggerTokens: number; instructions: string };
}

/** What the API's context editing did to a request (`context_management.applied_edits`). */
export interface AppliedContextEdit {
  type: string;
  clearedInputTokens: number;
  clearedToolUses: number;
}

/** What a provider streams for one model call (one turn), retries included. */
export type ProviderEvent =
  | { type: "text_delta"; text: string }
  | { type: "retry"; attempt: number; reason: string; waitMs: number }
  | { type: "message"; content: ContentBlock[]; stopReason: StopReason; usage: Usage; model: string; refusal?: Refusal; appliedEdits?: AppliedContextEdit[] };

export interface ModelProvider {
  /** A short name for logs: "anthropic", "scripted", "recording". */
  readonly name: string;
  /**
   * Streams one turn. Ends with exactly one "message" event on success; throws a ProviderError when the
   * turn cannot be completed (after its own retries), or when the signal aborts.
   */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
  /** What the model accepts and holds, read once per run; absent for providers that cannot tell (cassettes). */
  capabilities?(model: string): Promise<ModelCapabilities>;
  /** Why a call for this agent and requirement would fail before it is made (a cassette with no turns left for it). */
  cannotServe?(agent: string, requirement?: string): string | undefined;
}

/** context_overflow: the request's prompt is longer than the model's window (`400 prompt is too long`). */
export type ProviderErrorKind = "auth" | "bad_request" | "context_overflow" | "retries_exhausted" | "aborted" | "cassette" | "other";

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
