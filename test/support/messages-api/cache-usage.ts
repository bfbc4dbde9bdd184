import { createHash, type Hash } from "node:crypto";

/** The fake's token count: a quarter of the JSON's characters, at least one. */
export const tokensOf = (value: unknown): number => Math.max(1, Math.ceil(JSON.stringify(value).length / 4));

interface PromptPiece {
  tokens: number;
  key: unknown;
  breakpoint: boolean;
}

function withoutCacheControl(value: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _ignored, ...rest } = value;
  return rest;
}

/** The prompt as the ordered pieces the cache works on: tools, then system blocks, then message blocks. */
function promptPieces(body: Record<string, unknown>): PromptPiece[] {
  const pieces: PromptPiece[] = [];
  const add = (block: unknown, role?: string) => {
    const record = typeof block === "object" && block !== null ? (block as Record<string, unknown>) : { text: block };
    const key = role === undefined ? withoutCacheControl(record) : { role, ...withoutCacheControl(record) };
    pieces.push({ tokens: tokensOf(key), key, breakpoint: record.cache_control !== undefined });
  };
  for (const tool of (body.tools as unknown[] | undefined) ?? []) add(tool);
  const system = body.system;
  if (typeof system === "string") add(system);
  else for (const block of (system as unknown[] | undefined) ?? []) add(block);
  for (const message of (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? []) {
    const content = typeof message.content === "string" ? [message.content] : (message.content as unknown[]);
    for (const block of content) add(block, message.role);
  }
  return pieces;
}

/** Input tokens of a whole request (what a window limit compares against). */
export function promptTokens(body: Record<string, unknown>): number {
  return promptPieces(body).reduce((sum, piece) => sum + piece.tokens, 0);
}

export type CacheUsage = { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };

/**
 * Usage the way prompt caching bills it: the longest previously cached prefix (at any block boundary up to
 * the last breakpoint) is read from cache, the rest up to the last breakpoint is written, the remainder
 * is plain input. Every breakpoint's prefix is remembered for later requests.
 */
export function cacheUsage(body: Record<string, unknown>, cache: Set<string>): CacheUsage {
  const pieces = promptPieces(body);
  const lastBreakpoint = pieces.map((piece) => piece.breakpoint).lastIndexOf(true);
  const running: Hash = createHash("sha256");
  let total = 0;
  let read = 0;
  let upToBreakpoint = 0;
  pieces.forEach((piece, index) => {
    running.update(JSON.stringify(piece.key));
    total += piece.tokens;
    const digest = running.copy().digest("hex");
    if (index <= lastBreakpoint) {
      if (cache.has(digest)) read = total;
      upToBreakpoint = total;
    }
    if (piece.breakpoint) cache.add(digest);
  });
  return {
    input_tokens: total - upToBreakpoint,
    cache_creation_input_tokens: upToBreakpoint - read,
    cache_read_input_tokens: read,
  };
}
