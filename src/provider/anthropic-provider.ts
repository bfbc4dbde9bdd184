import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlock, StopReason } from "../domain/conversation.js";
import { contentBlockSchema, stopReasonSchema } from "../domain/conversation.js";
import type { Refusal } from "../domain/reasoning.js";
import { anthropicParams } from "./anthropic-request.js";
import { toUsage } from "./anthropic-usage.js";
import { appliedEditsOf, betaContextParams, type BetaContextParams } from "./anthropic-context-management.js";
import { classifyFailure } from "./anthropic-failure.js";
import { createModelCapabilitiesReader } from "./model-capabilities.js";
import { ProviderError, type ModelProvider, type ModelRequest, type ProviderEvent } from "./model-provider.js";
import { backoffMs, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from "./retry-policy.js";

export interface AnthropicProviderOptions {
  apiKey?: string;
  authToken?: string;
  baseURL?: string;
  /** Whole-turn retries after the first attempt (the SDK's own retries are off: this policy owns them). */
  maxRetries?: number;
  /** No stream event for this long aborts the attempt and retries the turn. */
  idleTimeoutMs?: number;
  /** The longest retry-after wait accepted; beyond it the turn fails with a clear message. */
  maxRetryWaitMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where ANTHROPIC_* and GREENLIGHT_STREAM_IDLE_TIMEOUT_MS are read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_IDLE_TIMEOUT_MS = 90_000;

function idleTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.GREENLIGHT_STREAM_IDLE_TIMEOUT_MS;
  if (raw === undefined || raw === "") return DEFAULT_IDLE_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ProviderError("other", `GREENLIGHT_STREAM_IDLE_TIMEOUT_MS must be a positive number of milliseconds, got '${raw}'`);
  }
  return value;
}

/** A failed attempt, with whether the idle watchdog caused it. */
class AttemptFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly stalledForMs: number | undefined,
  ) {
    super("attempt failed");
  }
}

/**
 * The reply's blocks in order. Thinking, redacted thinking and compaction blocks are kept with every
 * field the API sent: they go back verbatim (a changed thinking block fails its signature).
 */
function toContent(blocks: Anthropic.ContentBlock[]): ContentBlock[] {
  const content: ContentBlock[] = [];
  for (const block of blocks) {
    if (block.type === "text") content.push({ type: "text", text: block.text });
    else if (block.type === "tool_use") {
      const input = typeof block.input === "object" && block.input !== null && !Array.isArray(block.input) ? (block.input as Record<string, unknown>) : {};
      content.push({ type: "tool_use", id: block.id, name: block.name, input });
    } else if (block.type === "thinking" || block.type === "redacted_thinking" || (block as { type: string }).type === "compaction") {
      const parsed = contentBlockSchema.safeParse(block);
      if (parsed.success) content.push(parsed.data);
    }
  }
  return content;
}

function toRefusal(details: Anthropic.RefusalStopDetails | null | undefined): Refusal | undefined {
  return details?.type === "refusal" ? { category: details.category, explanation: details.explanation } : undefined;
}

function toStopReason(reason: string | null): StopReason {
  const parsed = stopReasonSchema.safeParse(reason);
  return parsed.success ? parsed.data : "end_turn";
}

async function* attemptTurn(client: Anthropic, params: Anthropic.MessageStreamParams, beta: BetaContextParams | undefined, signal: AbortSignal, idleTimeoutMs: number): AsyncGenerator<ProviderEvent> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  signal.addEventListener("abort", forwardAbort, { once: true });
  let stalled = false;
  const watchdog = setTimeout(() => {
    stalled = true;
    controller.abort();
  }, idleTimeoutMs);
  let finished = false;
  try {
    // Context management is beta-only: the same stream, through client.beta with its headers.
    const stream = beta
      ? (client.beta.messages.stream({ ...params, ...beta } as Parameters<typeof client.beta.messages.stream>[0], { signal: controller.signal }) as unknown as ReturnType<typeof client.messages.stream>)
      : client.messages.stream(params, { signal: controller.signal });
    for await (const event of stream) {
      watchdog.refresh();
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") yield { type: "text_delta", text: event.delta.text };
    }
    const final = await stream.finalMessage();
    finished = true;
    const refusal = toRefusal(final.stop_details);
    const appliedEdits = appliedEditsOf(final);
    yield {
      type: "message",
      content: toContent(final.content),
      stopReason: toStopReason(final.stop_reason),
      usage: toUsage(final.usage),
      model: final.model,
      ...(refusal ? { refusal } : {}),
      ...(appliedEdits ? { appliedEdits } : {}),
    };
  } catch (error) {
    throw new AttemptFailure(error, stalled ? idleTimeoutMs : undefined);
  } finally {
    clearTimeout(watchdog);
    signal.removeEventListener("abort", forwardAbort);
    if (!finished) controller.abort();
  }
}

/** Claude through the SDK's messages.stream, with whole-turn retries, an idle watchdog and capped waits. */
export function createAnthropicProvider(options: AnthropicProviderOptions = {}): ModelProvider {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? env.ANTHROPIC_API_KEY;
  const authToken = options.authToken ?? env.ANTHROPIC_AUTH_TOKEN;
  if (!apiKey && !authToken) {
    throw new ProviderError("auth", "no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a gateway), or replay offline with --cassette FILE");
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? idleTimeoutFrom(env);
  const policy: RetryPolicy = {
    maxAttempts: (options.maxRetries ?? DEFAULT_RETRY_POLICY.maxAttempts - 1) + 1,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULT_RETRY_POLICY.maxRetryWaitMs,
  };
  const client = new Anthropic({
    apiKey: apiKey || null,
    authToken: authToken || null,
    baseURL: options.baseURL ?? env.ANTHROPIC_BASE_URL ?? null,
    maxRetries: 0,
    logLevel: "off",
  });

  const models = createModelCapabilitiesReader(client.models);

  return {
    name: "anthropic",
    capabilities: (model) => models.capabilities(model),
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
      const params = anthropicParams(request, await models.capabilities(request.model));
      const beta = betaContextParams(request);
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted) throw new ProviderError("aborted", "aborted");
        try {
          yield* attemptTurn(client, params, beta, signal, idleTimeoutMs);
          return;
        } catch (error) {
          if (signal.aborted) throw new ProviderError("aborted", "aborted");
          const failure = error instanceof AttemptFailure ? classifyFailure(error.cause, error.stalledForMs) : classifyFailure(error, undefined);
          if (!failure.retryable) throw new ProviderError(failure.kind, failure.reason);
          if (attempt >= policy.maxAttempts) throw new ProviderError("retries_exhausted", `gave up after ${attempt} attempts: ${failure.reason}`);
          const waitMs = failure.retryAfterMs ?? backoffMs(attempt, policy);
          if (waitMs > policy.maxRetryWaitMs) {
            throw new ProviderError(
              "retries_exhausted",
              `the API asked to wait ${Math.ceil(waitMs / 1000)} s before retrying (${failure.reason}), more than the ${Math.round(policy.maxRetryWaitMs / 1000)} s we accept; try again later`,
            );
          }
          yield { type: "retry", attempt, reason: failure.reason, waitMs };
          await sleep(waitMs, signal);
        }
      }
    },
  };
}
