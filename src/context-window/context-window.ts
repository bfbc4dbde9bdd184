import type { Message, ToolSpec, Usage } from "../domain/conversation.js";
import type { AgentEvent } from "../domain/events.js";
import { ProviderError, type ModelProvider, type ModelRequest, type ProviderEvent } from "../provider/model-provider.js";
import { costOf, type PriceTable } from "../provider/pricing.js";
import { clearOldToolResults } from "./clear-tool-results.js";
import { compactedConversation, SUMMARY_REQUEST, SUMMARY_SYSTEM, transcriptText } from "./compact-conversation.js";
import type { ContextLimits } from "./context-limits.js";
import { estimateTokens } from "./estimate-tokens.js";
import { PromptMeter, promptTokensOf } from "./prompt-meter.js";

type ContextManaged = Extract<AgentEvent, { type: "context_managed" }>;
type Why = ContextManaged["why"];
type Reply = Extract<ProviderEvent, { type: "message" }>;

export interface ContextWindowOptions {
  model: string;
  limits: ContextLimits;
  provider: ModelProvider;
  agent: string;
  requirement?: string;
  system: readonly string[];
  tools: ToolSpec[];
  /** Said to the agent in this session (the requirement, the locked tests, the gate's failures): kept verbatim through a compaction. */
  prompt: string;
  prices: PriceTable;
}

/** What the next request adds for the context window, or why the session cannot go on. */
export interface PreparedRequest {
  stop?: string;
  request: Pick<ModelRequest, "contextManagement" | "cacheBreakpointAfter">;
  /** What a summary greenlight asked for cost: the session counts it like a turn. */
  spent?: { usage: Usage; costUsd: number; costUnknown?: boolean };
}

/** Clear old tool results past this share of the usable window; compact past the second. */
const CLEAR_AT = 0.7;
const COMPACT_AT = 0.85;
/** Results newer than this share of the usable window stay whole when greenlight clears. */
const KEEP_RESULTS = 0.25;
/** A clearing must free this share of the usable window, or the cached prefix is not worth giving up. */
const CLEAR_AT_LEAST = 0.1;
const API_KEEP_TOOL_USES = 2;
/** The API compacts no earlier than this (its reported minimum trigger). */
const API_COMPACT_MIN_TRIGGER = 50_000;
/** A compaction freeing less than this share of the prompt freed nothing. */
const FREED_NOTHING = 0.05;
const FUTILE_COMPACTIONS = 3;
const RECENT_MESSAGES = [6, 4, 2, 0];
/** A compaction keeps as many recent turns as leave the conversation under this share of the usable window. */
const COMPACTED_TARGET = 0.4;
const SUMMARY_MAX_TOKENS = 4_000;

const TOO_LONG = /prompt is too long:\s*([\d,]+)\s*tokens/i;

/**
 * The context window as one concept: what the window is, when to clear old tool results, when to
 * compact, what survives. The turn loop asks it before each request and tells it each reply and
 * failure; it rewrites the conversation in place when greenlight clears or compacts, and asks the API to
 * do it where the model offers that.
 */
export class ContextWindow {
  private readonly meter: PromptMeter;
  /** Input tokens a request may hold with room left for the reply (max_tokens of the request). */
  private usable = 0;
  private pending: Why | undefined;
  private futile = 0;
  /** The last request's conversation as the model read it (after the API's clearing), and its estimate. */
  private sent: { view: readonly Message[]; estimate: number } = { view: [], estimate: 0 };
  private breakpointAfter: number | undefined;
  private gaveUp: string | undefined;

  constructor(private readonly options: ContextWindowOptions) {
    this.meter = new PromptMeter(estimateTokens(options.system) + estimateTokens(options.tools));
  }

  private get window(): number {
    return this.options.limits.maxInputTokens;
  }

  private apiRequest(): PreparedRequest["request"] {
    const { limits } = this.options;
    const compactAt = Math.floor(this.usable * COMPACT_AT);
    const management: NonNullable<ModelRequest["contextManagement"]> = {
      ...(limits.apiClearing
        ? { clearToolUses: { triggerTokens: Math.floor(this.usable * CLEAR_AT), keepToolUses: API_KEEP_TOOL_USES, clearAtLeastTokens: Math.floor(this.usable * CLEAR_AT_LEAST) } }
        : {}),
      ...(limits.apiCompaction && compactAt >= API_COMPACT_MIN_TRIGGER ? { compact: { triggerTokens: compactAt, instructions: SUMMARY_REQUEST } } : {}),
    };
    return {
      ...(management.clearToolUses || management.compact ? { contextManagement: management } : {}),
      ...(this.breakpointAfter === undefined ? {} : { cacheBreakpointAfter: this.breakpointAfter }),
    };
  }

  private apiCompacts(): boolean {
    return this.options.limits.apiCompaction && Math.floor(this.usable * COMPACT_AT) >= API_COMPACT_MIN_TRIGGER;
  }

  private event(action: ContextManaged["action"], by: ContextManaged["by"], why: Why, before: number, after: number, extra: Partial<ContextManaged> = {}): ContextManaged {
    return { type: "context_managed", agent: this.options.agent, action, by, why, windowTokens: this.window, tokensBefore: before, tokensAfter: after, ...extra };
  }

  /** Makes the conversation fit before a request: clears, then compacts, then gives up after compactions that free nothing. */
  async *prepare(messages: Message[], maxTokens: number, signal: AbortSignal): AsyncGenerator<AgentEvent, PreparedRequest> {
    // The reply needs its room too: input plus max_tokens over the window stops the reply short.
    this.usable = Math.max(Math.floor(this.window / 2), this.window - maxTokens);
    if (this.gaveUp !== undefined) return { stop: this.gaveUp, request: {} };
    const why = this.pending ?? "near_window";
    const forced = this.pending !== undefined;
    this.pending = undefined;
    const apiClears = !forced && this.options.limits.apiClearing;
    let estimate = this.meter.estimate(messages);
    let clearedNow = false;
    if (!apiClears && (forced || estimate > this.usable * CLEAR_AT)) {
      const keep = this.resultsToKeep(messages);
      const cleared = clearOldToolResults(messages, keep, forced ? 1 : Math.floor(this.usable * CLEAR_AT_LEAST));
      clearedNow = cleared.clearedResults > 0;
      if (clearedNow) {
        const after = this.meter.estimate(messages);
        yield this.event("cleared_tool_results", "greenlight", why, estimate, after, { clearedToolResults: cleared.clearedResults });
        estimate = after;
      }
    }
    // What the model will read when the API clears: the same clearing, worked out on a copy.
    const view = apiClears ? this.apiView(messages) : messages;
    estimate = this.meter.estimate(view);
    let spent: PreparedRequest["spent"];
    // After an overflow a clearing that brought the prompt well inside the window is enough; otherwise compact.
    const compactNow = forced ? !clearedNow || estimate > this.usable * CLEAR_AT : !this.apiCompacts() && estimate > this.usable * COMPACT_AT;
    if (compactNow) {
      const compacted = yield* this.compact(messages, why, estimate, signal);
      spent = compacted.spent;
      if (compacted.stop) return { stop: compacted.stop, request: {}, ...(spent ? { spent } : {}) };
      estimate = compacted.after;
    }
    this.sent = { view: apiClears ? this.apiView(messages) : [...messages], estimate };
    return { request: this.apiRequest(), ...(spent ? { spent } : {}) };
  }

  private apiView(messages: readonly Message[]): Message[] {
    const view = [...messages];
    if (this.meter.estimate(view) > this.usable * CLEAR_AT) clearOldToolResults(view, API_KEEP_TOOL_USES, Math.floor(this.usable * CLEAR_AT_LEAST));
    return view;
  }

  /** How many of the newest tool results stay whole: those within a quarter of the usable window, at least one. */
  private resultsToKeep(messages: readonly Message[]): number {
    const sizes = messages.flatMap((message) => message.content.flatMap((block) => (block.type === "tool_result" ? [estimateTokens(block.content)] : []))).reverse();
    let kept = 0;
    let tokens = 0;
    for (const size of sizes) {
      if (kept > 0 && tokens + size > this.usable * KEEP_RESULTS) break;
      kept++;
      tokens += size;
    }
    return kept;
  }

  private async *compact(messages: Message[], why: Why, before: number, signal: AbortSignal): AsyncGenerator<AgentEvent, { stop?: string; after: number; spent?: PreparedRequest["spent"] }> {
    let after = before;
    let spent: PreparedRequest["spent"];
    if (messages.length > 1) {
      const summary = yield* this.summarize(messages, signal);
      const cost = costOf(summary.usage, this.options.model, this.options.prices);
      spent = { usage: summary.usage, costUsd: cost ?? 0, ...(cost === undefined ? { costUnknown: true } : {}) };
      if (summary.error !== undefined) return { stop: `could not compact the conversation to fit the window: ${summary.error}`, after, spent };
      let rewritten = messages;
      for (const keep of RECENT_MESSAGES) {
        rewritten = compactedConversation(messages, summary.text, this.pinned(messages), keep);
        after = this.meter.estimate(rewritten);
        if (after <= this.usable * COMPACTED_TARGET) break;
      }
      messages.splice(0, messages.length, ...rewritten);
      this.breakpointAfter = 0;
      yield this.event("compacted", "greenlight", why, before, after, spent);
    }
    return { ...(this.countCompaction(before, after) ?? { after }), ...(spent ? { spent } : {}) };
  }

  /** Three compactions in a row that freed nothing end the session (the compaction loops other agents had). */
  private countCompaction(before: number, after: number): { stop: string; after: number } | undefined {
    if (before - after >= before * FREED_NOTHING) {
      this.futile = 0;
      return undefined;
    }
    this.futile++;
    if (this.futile < FUTILE_COMPACTIONS) return undefined;
    return {
      stop: `the conversation no longer fits the model's window (${this.window} tokens): ${FUTILE_COMPACTIONS} compactions in a row freed less than ${FREED_NOTHING * 100}% (now about ${after} tokens)`,
      after,
    };
  }

  private pinned(messages: readonly Message[]): string[] {
    const first = messages[0]?.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n") ?? "";
    return first === "" || first.includes(this.options.prompt) ? [first || this.options.prompt] : [first, this.options.prompt];
  }

  /** Asks the model for a summary of the conversation, as plain text in one request of its own. */
  private async *summarize(messages: readonly Message[], signal: AbortSignal): AsyncGenerator<AgentEvent, { text: string; usage: Usage; error?: string }> {
    const room = this.usable - SUMMARY_MAX_TOKENS - estimateTokens(SUMMARY_SYSTEM) - estimateTokens(SUMMARY_REQUEST);
    const request: ModelRequest = {
      model: this.options.model,
      system: [SUMMARY_SYSTEM],
      tools: [],
      messages: [{ role: "user", content: [{ type: "text", text: `${transcriptText(messages, Math.max(1_000, Math.floor(room * 0.8)))}\n\n${SUMMARY_REQUEST}` }] }],
      maxTokens: SUMMARY_MAX_TOKENS,
      agent: this.options.agent,
      ...(this.options.requirement === undefined ? {} : { requirement: this.options.requirement }),
    };
    const empty: Usage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
    try {
      let reply: Reply | undefined;
      for await (const event of this.options.provider.stream(request, signal)) {
        if (event.type === "retry") yield { type: "retry", agent: this.options.agent, attempt: event.attempt, reason: event.reason, waitMs: event.waitMs };
        else if (event.type === "message") reply = event;
      }
      if (!reply) return { text: "", usage: empty, error: "the summary request ended without a reply" };
      const text = reply.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
      return { text, usage: reply.usage };
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "aborted") throw error;
      return { text: "", usage: empty, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** A reply came: its counts calibrate the next estimate; what the API cleared or compacted becomes an event. */
  afterReply(reply: Reply, messages: readonly Message[]): AgentEvent[] {
    const prompt = promptTokensOf(reply.usage);
    const events: AgentEvent[] = [];
    for (const edit of reply.appliedEdits ?? []) {
      events.push(this.event("cleared_tool_results", "api", "near_window", prompt + edit.clearedInputTokens, prompt, { clearedToolResults: edit.clearedToolUses }));
    }
    const compacted = reply.content.some((block) => block.type === "compaction");
    if (compacted) {
      // The API drops every block before the compaction block: the next request's prefix starts there.
      this.breakpointAfter = messages.length;
      events.push(this.event("compacted", "api", "near_window", this.sent.estimate, prompt));
      this.gaveUp = this.countCompaction(this.sent.estimate, prompt)?.stop;
    }
    // A compacted reply's count is of the summary, not of what was sent.
    if (!compacted) this.meter.calibrate(prompt, this.sent.view);
    return events;
  }

  /** The reply ran into the window (`model_context_window_exceeded`): the next request is made to fit first. */
  windowExceeded(): void {
    this.pending = "window_exceeded";
  }

  /** A request failed: when it was too long for the window, the turn is asked again after a compaction. */
  afterFailure(error: unknown): boolean {
    if (!(error instanceof ProviderError) || error.kind !== "context_overflow") return false;
    const counted = TOO_LONG.exec(error.message)?.[1];
    if (counted !== undefined) this.meter.calibrate(Number(counted.replace(/,/g, "")), this.sent.view);
    this.pending = "prompt_too_long";
    return true;
  }
}
