import { APIConnectionError, APIError } from "@anthropic-ai/sdk";
import type { ProviderErrorKind } from "./model-provider.js";

/** What went wrong with one attempt at a turn, and whether sending the same request again may help. */
export interface TurnFailure {
  retryable: boolean;
  kind: ProviderErrorKind;
  reason: string;
  /** What the server asked for through retry-after / retry-after-ms. */
  retryAfterMs?: number;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
const KEY_HINT = "check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a gateway)";

export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function apiDetail(error: APIError): string {
  const body = error.error as { error?: { type?: string; message?: string } } | undefined;
  const type = body?.error?.type ?? error.type ?? "error";
  const message = body?.error?.message ?? error.message;
  return `${type}: ${message}`;
}

function statusFailure(error: APIError, status: number): TurnFailure {
  const detail = apiDetail(error);
  if (status === 401) return { retryable: false, kind: "auth", reason: `the API refused the credentials (401 ${detail}); ${KEY_HINT}` };
  if (status === 403) return { retryable: false, kind: "auth", reason: `the key may not use this (403 ${detail}); ${KEY_HINT} and the key's permissions` };
  if (status === 400 && /prompt is too long/i.test(detail)) return { retryable: false, kind: "context_overflow", reason: `the conversation is longer than the model's window (${detail})` };
  if (status === 404) return { retryable: false, kind: "bad_request", reason: `not found (404 ${detail}); check the model id and ANTHROPIC_BASE_URL` };
  if (RETRYABLE_STATUSES.has(status)) {
    const wait = retryAfterMs(error.headers);
    return { retryable: true, kind: "retries_exhausted", reason: `HTTP ${status} ${detail}`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  return { retryable: false, kind: "bad_request", reason: `the API rejected the request (${status} ${detail}); check the model id, max tokens and the agent's prompt` };
}

/** Sorts an SDK failure: HTTP statuses, an error event mid-stream, a cut connection, a stalled stream. */
export function classifyFailure(error: unknown, stalledForMs: number | undefined): TurnFailure {
  if (stalledForMs !== undefined) {
    return { retryable: true, kind: "retries_exhausted", reason: `the stream stalled: no event for ${Math.round(stalledForMs / 1000)} s` };
  }
  if (error instanceof APIError && typeof error.status === "number") return statusFailure(error, error.status);
  if (error instanceof APIConnectionError) return { retryable: true, kind: "retries_exhausted", reason: `connection failed: ${error.message}` };
  if (error instanceof APIError) {
    return { retryable: true, kind: "retries_exhausted", reason: `error event mid-stream (${apiDetail(error)})` };
  }
  if (error instanceof Error) return { retryable: true, kind: "retries_exhausted", reason: `the stream was cut (${error.message})` };
  return { retryable: false, kind: "other", reason: String(error) };
}
