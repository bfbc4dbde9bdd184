import { describe, expect, it } from "vitest";
import { anthropicParams } from "../../src/provider/anthropic-request.js";
import { unknownCapabilities, type ModelCapabilities } from "../../src/provider/model-capabilities.js";
import type { ModelRequest } from "../../src/provider/model-provider.js";

/** Which parameters each kind of model is sent: only ones it accepts. */

const base: ModelRequest = {
  model: "claude-sonnet-5-5",
  system: ["You write code.", "  \n"],
  tools: [],
  messages: [
    { role: "user", content: [{ type: "text", text: "Go." }] },
    { role: "assistant", content: [{ type: "thinking", thinking: "", signature: "sig" }, { type: "text", text: "\n\n" }, { type: "tool_use", id: "t1", name: "Read", input: {} }] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "x" }] },
  ],
  maxTokens: 32_000,
  agent: "backend",
};

const sonnet55: ModelCapabilities = {
  ...unknownCapabilities("claude-sonnet-5-5"),
  maxInputTokens: 1_000_000,
  maxOutputTokens: 128_000,
  thinkingTypes: ["adaptive", "between_tools"],
  effortLevels: ["low", "medium", "high", "xhigh", "max"],
  source: "models_api",
};
const sonnet45: ModelCapabilities = { ...unknownCapabilities("claude-sonnet-4-5"), maxOutputTokens: 16_000, thinkingTypes: ["enabled", "disabled"], source: "models_api" };
const opus: ModelCapabilities = { ...sonnet55, effortLevels: ["low", "medium", "high", "max"] };

const FORBIDDEN_EVERYWHERE = ["temperature", "top_p", "top_k", "tool_choice"];

describe("the request builder", () => {
  it("asks a thinking model for adaptive thinking with summarized display by default", () => {
    const params = anthropicParams(base, sonnet55);
    expect(params.thinking).toEqual({ type: "adaptive", display: "summarized" });
    expect(params).not.toHaveProperty("output_config");
  });

  it.each([
    ["off", sonnet55, { type: "between_tools" }],
    ["off", sonnet45, { type: "disabled" }],
    [8000, sonnet55, { type: "adaptive", display: "summarized" }],
    [8000, sonnet45, { type: "enabled", budget_tokens: 8000, display: "summarized" }],
    [64_000, sonnet45, { type: "enabled", budget_tokens: 15_999, display: "summarized" }],
    ["adaptive", sonnet45, undefined],
  ] as const)("maps thinking %s to what %s accepts", (thinking, caps, expected) => {
    const params = anthropicParams({ ...base, thinking }, caps);
    expect(params.thinking).toEqual(expected);
    if (!caps.thinkingTypes.includes("disabled")) expect(JSON.stringify(params)).not.toContain('"disabled"');
  });

  it("sends no thinking and no effort when the model's capabilities are unknown", () => {
    const params = anthropicParams({ ...base, thinking: "off", effort: "max" }, unknownCapabilities("claude-x"));
    expect(params).not.toHaveProperty("thinking");
    expect(params).not.toHaveProperty("output_config");
    expect(params.max_tokens).toBe(32_000);
  });

  it.each([
    ["max", sonnet55, "adaptive", "max"],
    ["xhigh", opus, "adaptive", "high"],
    ["max", sonnet55, "off", "high"],
    ["low", sonnet45, "adaptive", undefined],
  ] as const)("sends effort %s to a model as the nearest level it takes", (effort, caps, thinking, expected) => {
    const params = anthropicParams({ ...base, effort, thinking }, caps);
    expect(params.output_config?.effort).toBe(expected);
  });

  it("keeps max_tokens within the model's output limit", () => {
    expect(anthropicParams({ ...base, maxTokens: 200_000 }, sonnet55).max_tokens).toBe(128_000);
    expect(anthropicParams(base, sonnet45).max_tokens).toBe(16_000);
  });

  it("never sends sampling parameters or a forced tool choice, and leaves out blank text", () => {
    for (const caps of [sonnet55, sonnet45, opus, unknownCapabilities("claude-x")]) {
      for (const thinking of ["adaptive", "off", 4096] as const) {
        const params = anthropicParams({ ...base, thinking, effort: "high" }, caps) as unknown as Record<string, unknown>;
        for (const key of FORBIDDEN_EVERYWHERE) expect(params).not.toHaveProperty(key);
        expect(JSON.stringify(params.messages)).not.toMatch(/"text":"\s*"/);
        expect(params.system).toHaveLength(1);
      }
    }
  });

  it("sends thinking blocks back verbatim, first in their message", () => {
    const params = anthropicParams(base, sonnet55);
    const assistant = params.messages[1]!.content as unknown as Array<Record<string, unknown>>;
    expect(assistant[0]).toEqual({ type: "thinking", thinking: "", signature: "sig" });
    expect(assistant.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
  });
});
