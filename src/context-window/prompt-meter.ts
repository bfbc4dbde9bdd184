import type { Message, Usage } from "../domain/conversation.js";
import { messagesTokens } from "./estimate-tokens.js";

/** The prompt tokens the API counted for a request: the last sampling step's, never a compaction's. */
export function promptTokensOf(usage: Usage): number {
  const steps = usage.iterations?.filter((step) => step.type === "message") ?? [];
  const counted = steps.at(-1) ?? usage;
  return counted.inputTokens + counted.cacheCreationInputTokens + counted.cacheReadInputTokens;
}

/**
 * How many input tokens a request will hold: an estimate of the conversation as the model reads it,
 * scaled by how far the estimate was off the API's own count of the last request.
 */
export class PromptMeter {
  private scale = 1;

  constructor(private readonly fixedTokens: number) {}

  private raw(view: readonly Message[]): number {
    return this.fixedTokens + messagesTokens(view);
  }

  /** The API counted `tokens` for a request whose conversation, as the model read it, was `view`. */
  calibrate(tokens: number, view: readonly Message[]): void {
    const estimate = this.raw(view);
    if (estimate > 0 && tokens > 0) this.scale = tokens / estimate;
  }

  estimate(view: readonly Message[]): number {
    return Math.ceil(this.raw(view) * this.scale);
  }
}
