import { promptTokens, tokensOf } from "./cache-usage.js";
import type { ApiRequest, ServerMemory, WireBlock } from "./rule.js";

/**
 * The prompt the model actually reads for a request, as the API documents it: every block before the
 * newest compaction block is dropped, then the context edits the request asks for are applied
 * (`clear_tool_uses_20250919` once its trigger is passed, only if it frees `clear_at_least`), then a
 * `compact_20260112` past its trigger closes the context into a compaction block. Worked out once per
 * request and shared by the context rules.
 */

export const CLEARED_TOOL_RESULT = "[tool result cleared by context management]";
const DEFAULT_CLEAR_TRIGGER = 100_000;
const DEFAULT_KEEP = 3;
const DEFAULT_COMPACT_TRIGGER = 150_000;

type Edit = { type: string; trigger?: { type: string; value: number }; keep?: { type: string; value: number }; clear_at_least?: { type: string; value: number } | null; pause_after_compaction?: boolean };

export interface AppliedClearing {
  type: "clear_tool_uses_20250919";
  cleared_tool_uses: number;
  cleared_input_tokens: number;
}

export interface EffectivePrompt {
  /** The body with the dropped blocks gone and the edits applied, for counting and caching. */
  body: Record<string, unknown>;
  /** Input tokens of that body. */
  tokens: number;
  applied: AppliedClearing[];
  /** Set when the server compacts this request: the closed context's size and the summary it wrote. */
  compaction?: { closedTokens: number; summary: string; pause: boolean };
}

type Message = { role: string; content: WireBlock[] };

const memo = new WeakMap<object, EffectivePrompt>();

function messagesOf(request: ApiRequest): Message[] {
  return request.messages.map((message) => ({ role: message.role, content: [...message.content] }));
}

/** Only the blocks from the newest compaction block on are read. */
function afterCompaction(messages: Message[]): Message[] {
  for (let index = messages.length - 1; index >= 0; index--) {
    const at = messages[index]!.content.findIndex((block) => block.type === "compaction");
    if (at >= 0) return [{ role: messages[index]!.role, content: messages[index]!.content.slice(at) }, ...messages.slice(index + 1)];
  }
  return messages;
}

function clearToolUses(body: Record<string, unknown>, messages: Message[], edit: Edit): AppliedClearing | undefined {
  const trigger = edit.trigger?.type === "input_tokens" ? edit.trigger.value : DEFAULT_CLEAR_TRIGGER;
  if (promptTokens({ ...body, messages }) <= trigger) return undefined;
  const results: Array<{ message: number; block: number }> = [];
  messages.forEach((message, index) => message.content.forEach((block, at) => block.type === "tool_result" && block.content !== CLEARED_TOOL_RESULT && results.push({ message: index, block: at })));
  const keep = edit.keep?.value ?? DEFAULT_KEEP;
  const clearable = results.slice(0, Math.max(0, results.length - keep));
  const freed = clearable.reduce((sum, { message, block }) => sum + tokensOf(messages[message]!.content[block]!.content) - tokensOf(CLEARED_TOOL_RESULT), 0);
  if (clearable.length === 0 || freed < (edit.clear_at_least?.value ?? 0)) return undefined;
  for (const { message, block } of clearable) {
    const content = [...messages[message]!.content];
    content[block] = { ...content[block]!, content: CLEARED_TOOL_RESULT };
    messages[message] = { ...messages[message]!, content };
  }
  return { type: "clear_tool_uses_20250919", cleared_tool_uses: clearable.length, cleared_input_tokens: freed };
}

/** After a compaction the model reads the summary and the newest user message. */
function compacted(messages: Message[], summary: string): Message[] {
  const last = messages.at(-1);
  const block: WireBlock = { type: "compaction", content: summary, encrypted_content: null };
  return last && last.role === "user" ? [{ role: "assistant", content: [block] }, last] : [{ role: "assistant", content: [block] }];
}

export function effectivePrompt(request: ApiRequest): EffectivePrompt {
  const known = memo.get(request.recorded);
  if (known) return known;
  const body = request.body;
  let messages = afterCompaction(messagesOf(request));
  const edits = ((body.context_management as { edits?: Edit[] } | undefined)?.edits ?? []) as Edit[];
  const applied: AppliedClearing[] = [];
  for (const edit of edits.filter((candidate) => candidate.type === "clear_tool_uses_20250919")) {
    const clearing = clearToolUses(body, messages, edit);
    if (clearing) applied.push(clearing);
  }
  let compaction: EffectivePrompt["compaction"];
  const compact = edits.find((edit) => edit.type === "compact_20260112");
  if (compact) {
    const trigger = compact.trigger?.value ?? DEFAULT_COMPACT_TRIGGER;
    const closedTokens = promptTokens({ ...body, messages });
    if (closedTokens > trigger) {
      const summary = `Summary of ${messages.length} earlier messages (${closedTokens} tokens): the work so far, the files changed and what is left.`;
      compaction = { closedTokens, summary, pause: compact.pause_after_compaction === true };
      messages = compacted(messages, summary);
    }
  }
  const effective = { ...body, messages };
  const result: EffectivePrompt = { body: effective, tokens: promptTokens(effective), applied, ...(compaction ? { compaction } : {}) };
  memo.set(request.recorded, result);
  return result;
}

/** Whether the request reads anything other than what it sent (blocks dropped or edited). */
export function promptChanged(request: ApiRequest, effective: EffectivePrompt): boolean {
  return effective.applied.length > 0 || effective.compaction !== undefined || effective.tokens !== promptTokens(request.body);
}

const caches = new WeakMap<ServerMemory, Set<string>>();

/** The cache of effective prompts (a changed prompt caches what the model read, not what was sent). */
export function effectiveCache(server: ServerMemory): Set<string> {
  let cache = caches.get(server);
  if (!cache) {
    cache = new Set();
    caches.set(server, cache);
  }
  return cache;
}
