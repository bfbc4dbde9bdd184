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
}

/** What a provider streams for one model call (one turn), retries included. */
export type ProviderEvent =
  | { type: "text_delta"; text: string }
  | { type: "retry"; attempt: number; reason: string; waitMs: number }
  | { type: "message"; content: ContentBlock[]; stopReason: StopReason; usage: Usage; model: string; refusal?: Refusal };

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

export type ProviderErrorKind = "auth" | "bad_request" | "retries_exhausted" | "aborted" | "cassette" | "other";

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
