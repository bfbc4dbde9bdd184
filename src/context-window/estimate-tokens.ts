import type { Message } from "../domain/conversation.js";

/** About four characters a token: only ever compared with margins, and calibrated by the API's own counts. */
export function estimateTokens(value: unknown): number {
  return Math.ceil((typeof value === "string" ? value.length : JSON.stringify(value).length) / 4);
}

/** Where the API starts reading: it drops every block before the newest compaction block. */
export function liveMessages(messages: readonly Message[]): readonly Message[] {
  for (let index = messages.length - 1; index >= 0; index--) {
    const at = messages[index]!.content.findIndex((block) => block.type === "compaction");
    if (at >= 0) return [{ role: messages[index]!.role, content: messages[index]!.content.slice(at) }, ...messages.slice(index + 1)];
  }
  return messages;
}

/** Blocks are never changed in place (a clearing puts a new block there), so each is estimated once. */
const blockTokens = new WeakMap<object, number>();

function tokensOfBlock(block: Message["content"][number]): number {
  let tokens = blockTokens.get(block);
  if (tokens === undefined) {
    tokens = estimateTokens(block);
    blockTokens.set(block, tokens);
  }
  return tokens;
}

export function messagesTokens(messages: readonly Message[]): number {
  return liveMessages(messages).reduce((sum, message) => sum + message.content.reduce((blocks, block) => blocks + tokensOfBlock(block), 0), 0);
}
