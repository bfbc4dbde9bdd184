import type { IncomingMessage } from "node:http";
import type { ModelProfile } from "./model-profiles.js";
import type { Signer } from "./signature.js";

export interface RecordedRequest {
  index: number;
  path: string;
  headers: IncomingMessage["headers"];
  rawBody: string;
  body: Record<string, unknown>;
}

/** An error envelope the API answers with instead of a reply. */
export interface ApiError {
  status: number;
  errorType: string;
  message: string;
}

export const invalidRequest = (message: string): ApiError => ({ status: 400, errorType: "invalid_request_error", message });

export type WireBlock = Record<string, unknown> & { type: string };
export interface WireMessage {
  role: "user" | "assistant";
  content: WireBlock[];
}

/** One Messages API request as the rules see it. */
export interface ApiRequest {
  recorded: RecordedRequest;
  body: Record<string, unknown>;
  messages: WireMessage[];
  model: ModelProfile;
  /** The `anthropic-beta` header's values. */
  betas: readonly string[];
  /** Whether the model will think for this request (named or by the model's default). */
  thinkingOn: boolean;
  server: ServerMemory;
}

/** What the server remembers across requests. */
export interface ServerMemory {
  signer: Signer;
  /** The content of every `pause_turn` reply sent, as JSON, so sending it back is not a prefill. */
  pausedReplies: Set<string>;
}

/**
 * The reply about to be streamed, after the server planned it (thinking added and signed, cut at
 * max_tokens). Rules may reshape it: context editing, a compaction block, extra usage fields.
 */
export interface PlannedReply {
  content: WireBlock[];
  stopReason: string;
  stopDetails: Record<string, unknown> | null;
  outputTokens: number;
  usage: { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number } & Record<string, unknown>;
  /** Extra top-level fields for `message_delta` (e.g. `context_management`). */
  deltaFields: Record<string, unknown>;
}

/**
 * One documented behaviour of the API. `check` refuses a request the API would refuse; `shape` changes
 * a reply the way the API would (rules added by tests run after the built-in ones).
 */
export interface ServerRule {
  readonly name: string;
  check?(request: ApiRequest): ApiError | undefined;
  shape?(reply: PlannedReply, request: ApiRequest): PlannedReply;
}
