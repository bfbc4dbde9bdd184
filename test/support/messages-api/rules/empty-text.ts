import { invalidRequest, type ServerRule } from "../rule.js";

const textProblem = (block: unknown): string | undefined => {
  const candidate = block as { type?: string; text?: unknown };
  if (candidate.type !== "text" || typeof candidate.text !== "string") return undefined;
  if (candidate.text === "") return "text content blocks must be non-empty";
  if (candidate.text.trim() === "") return "text content blocks must contain non-whitespace text";
  return undefined;
};

/** Empty or whitespace-only text blocks are refused, in messages and in the system prompt. */
export const emptyText: ServerRule = {
  name: "empty text blocks",
  check({ body, messages }) {
    for (const message of messages) {
      for (const block of message.content) {
        const problem = textProblem(block);
        if (problem) return invalidRequest(`messages: ${problem}`);
      }
    }
    const system = body.system;
    if (typeof system === "string") return system.trim() === "" && system !== "" ? invalidRequest("system: text content blocks must contain non-whitespace text") : undefined;
    for (const block of (system as unknown[] | undefined) ?? []) {
      const problem = textProblem(block);
      if (problem) return invalidRequest(`system: ${problem}`);
    }
    return undefined;
  },
};
