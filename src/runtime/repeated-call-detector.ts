import type { ToolUseBlock } from "../domain/conversation.js";

/** Counts how many times in a row the model made the very same tool call (name and input). */
export class RepeatedCallDetector {
  private lastKey = "";
  private count = 0;

  constructor(private readonly limit: number) {}

  /** Records a call; true when it is the limit-th identical call in a row. */
  record(use: ToolUseBlock): boolean {
    const key = `${use.name}\u0000${JSON.stringify(use.input)}`;
    this.count = key === this.lastKey ? this.count + 1 : 1;
    this.lastKey = key;
    return this.count >= this.limit;
  }
}
