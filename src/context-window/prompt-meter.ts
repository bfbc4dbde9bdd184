import type { Message, Usage } from "../domain/conversation.js";
import { estimateTokens, messagesTokens } from "./estimate-tokens.js";

/** The prompt tokens the API counted for a request: the last sampling step's, never a compaction's. */
export function promptTokensOf(usage: Usage): number {
  const steps = usage.iterations?.filter((step) => step.type === "message") ?? [];
  const counted = steps.at(-1) ?? usage;
  return counted.inputTokens + counted.cacheCreationInputTokens + counted.cacheReadInputTokens;
}

/**
 * How many input tokens the next request will hold: what the API counted for the last one plus an estimate
 * of what was added since; after the conversation was rewritten, the estimate of the whole, scaled by how
 * far the estimates were off the last count.
 */
export class PromptMeter {
  private counted: { tokens: number; messages: number; estimate: number } | undefined;
  private scale = 1;

  constructor(private readonly fixedTokens: number) {}

  /** The request that got `usage` held the first `sentMessages` messages. */
  measured(usage: Usage, messages: readonly Message[], sentMessages: number): void {
    const tokens = promptTokensOf(usage);
    const estimate = this.fixedTokens + messagesTokens(messages.slice(0, sentMessages));
    this.counted = { tokens, messages: sentMessages, estimate };
    if (estimate > 0 && tokens > 0) this.scale = tokens / estimate;
  }

  /** The conversation was rewritten: counts of the old one no longer hold. */
  rewritten(): void {
    this.counted = undefined;
  }

  estimate(messages: readonly Message[]): number {
    if (this.counted && this.counted.messages <= messages.length) {
      const added = messages.slice(this.counted.messages).reduce((sum, message) => sum + estimateTokens(message.content), 0);
      return this.counted.tokens + Math.ceil(added * this.scale);
    }
    return Math.ceil((this.fixedTokens + messagesTokens(messages)) * this.scale);
  }
}
