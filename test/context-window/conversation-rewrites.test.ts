import { describe, expect, it } from "vitest";
import type { Message } from "../../src/domain/conversation.js";
import { CLEARED_RESULT, clearOldToolResults } from "../../src/context-window/clear-tool-results.js";
import { compactedConversation, transcriptText } from "../../src/context-window/compact-conversation.js";
import { liveMessages } from "../../src/context-window/estimate-tokens.js";

const big = (n: number) => `${"x".repeat(4_000)} ${n}`;

function conversation(results: number, failing?: number): Message[] {
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: "the task" }] }];
  for (let index = 0; index < results; index++) {
    messages.push({ role: "assistant", content: [{ type: "thinking", thinking: "", signature: `sig${index}` }, { type: "tool_use", id: `t${index}`, name: "Read", input: { n: index } }] });
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: `t${index}`, content: big(index), ...(index === failing ? { is_error: true } : {}) }] });
  }
  return messages;
}

const resultTexts = (messages: Message[]) => messages.flatMap((message) => message.content.flatMap((block) => (block.type === "tool_result" ? [block.content] : [])));

describe("greenlight's own clearing", () => {
  it("clears all but the newest results and the newest failure, keeping every call paired with its result", () => {
    const messages = conversation(6, 1);
    const cleared = clearOldToolResults(messages, 2, 1);
    expect(cleared.clearedResults).toBe(3);
    expect(resultTexts(messages)).toEqual([CLEARED_RESULT, big(1), CLEARED_RESULT, CLEARED_RESULT, big(4), big(5)]);
    expect(messages.filter((message) => message.role === "assistant").every((message) => message.content[0]!.type === "thinking")).toBe(true);
  });

  it("leaves the conversation alone when clearing would free less than asked", () => {
    const messages = conversation(3);
    expect(clearOldToolResults(messages, 2, 10_000)).toEqual({ clearedResults: 0, freedTokens: 0 });
    expect(resultTexts(messages)).toEqual([big(0), big(1), big(2)]);
  });
});

describe("greenlight's own compaction", () => {
  it("starts from the task and the summary, then the recent turns from an assistant message, unchanged", () => {
    const messages = conversation(5, 1);
    const compacted = compactedConversation(messages, "what happened", ["the task"], 4);
    expect(compacted.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(compacted.slice(1)).toEqual(messages.slice(-4));
    const head = compacted[0]!.content[0]!;
    expect(head.type === "text" && head.text).toMatch(/^the task\n\n## Earlier in this session.*\n\nwhat happened\n\n## The latest failure, verbatim\n\nx+ 1/s);
  });

  it("writes the newest turns of a transcript first, leaving out the oldest that do not fit", () => {
    const text = transcriptText(conversation(10), 3_000);
    expect(text).toMatch(/^\[\d+ older messages left out: they did not fit\]/);
    expect(text).toContain("x 9");
    expect(text).not.toContain("x 0");
  });

  it("reads from the newest compaction block on, as the API does", () => {
    const messages: Message[] = [...conversation(2), { role: "assistant", content: [{ type: "text", text: "before" }, { type: "compaction", content: "summary" }, { type: "text", text: "after" }] }];
    expect(liveMessages(messages)).toEqual([{ role: "assistant", content: [{ type: "compaction", content: "summary" }, { type: "text", text: "after" }] }]);
  });
});
