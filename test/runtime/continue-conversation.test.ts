import { describe, expect, it } from "vitest";
import { continueConversation } from "../../src/runtime/continue-conversation.js";
import type { Message } from "../../src/domain/conversation.js";

describe("continueConversation", () => {
  it("starts a conversation with the prompt alone", () => {
    expect(continueConversation([], "hi")).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  });

  it("adds the prompt as a new user message after a finished assistant turn", () => {
    const prior: Message[] = [
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: [{ type: "text", text: "b" }] },
    ];
    const next = continueConversation(prior, "c");
    expect(next.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(next[2]!.content).toEqual([{ type: "text", text: "c" }]);
    expect(prior).toHaveLength(2);
  });

  it("joins the prompt to a trailing user message so roles keep alternating", () => {
    const prior: Message[] = [
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "ls" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }] },
    ];
    const next = continueConversation(prior, "now this");
    expect(next).toHaveLength(3);
    expect(next[2]!.content.map((b) => b.type)).toEqual(["tool_result", "text"]);
    expect(prior[2]!.content).toHaveLength(1);
  });

  it("answers tool calls a cancelled turn left open before the prompt", () => {
    const prior: Message[] = [
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "sleep 9" } }] },
    ];
    const next = continueConversation(prior, "go on");
    expect(next[2]).toMatchObject({ role: "user", content: [{ type: "tool_result", tool_use_id: "t1", is_error: true }, { type: "text", text: "go on" }] });
  });
});
