import type Anthropic from "@anthropic-ai/sdk";
import type { ContentBlock, Message } from "../domain/conversation.js";
import type { ModelCapabilities } from "./model-capabilities.js";
import type { ModelRequest } from "./model-provider.js";
import { reasoningParams } from "./reasoning-params.js";

const EPHEMERAL = { type: "ephemeral" } as const;
/** The API takes four breakpoints: the tools, these, and the newest message. */
const MAX_SYSTEM_BREAKPOINTS = 2;

function blockParam(block: ContentBlock): Anthropic.ContentBlockParam {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
    case "tool_result":
      return { type: "tool_result", tool_use_id: block.tool_use_id, content: block.content, ...(block.is_error ? { is_error: true } : {}) };
    case "thinking":
    case "redacted_thinking":
    case "compaction":
      // Verbatim, every field the API sent: a changed thinking block fails its signature.
      return { ...block } as unknown as Anthropic.ContentBlockParam;
  }
}

/** The API refuses empty and whitespace-only text blocks; a model's stray "\n\n" must not end the session. */
const isBlankText = (block: ContentBlock) => block.type === "text" && block.text.trim() === "";
const NO_TEXT: ContentBlock = { type: "text", text: "(no text)" };

function messageParams(messages: Message[], breakpointAfter: number | undefined): Anthropic.MessageParam[] {
  return messages.map((message, index) => {
    const kept = message.content.filter((block) => !isBlankText(block));
    const content = (kept.length > 0 ? kept : [NO_TEXT]).map(blockParam);
    const last = content.at(-1);
    // The newest message carries a breakpoint so the next turn reads this whole prefix from cache; so
    // does a compacted prefix, so turns after a clearing still read it.
    if ((index === messages.length - 1 || index === breakpointAfter) && last) content[content.length - 1] = { ...last, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam;
    return { role: message.role, content };
  });
}

/**
 * The SDK request for one turn, with prompt-caching breakpoints after the tools, after each system
 * block and on the newest message. Built once per turn so every retry sends the very same request.
 * It carries only parameters the model accepts: max_tokens within its limit, thinking and effort as it
 * takes them, and never sampling parameters, a forced tool_choice or an assistant prefill.
 */
export function anthropicParams(request: ModelRequest, caps: ModelCapabilities): Anthropic.MessageStreamParams {
  const tools: Anthropic.Tool[] = request.tools.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.input_schema as Anthropic.Tool.InputSchema,
    ...(index === request.tools.length - 1 ? { cache_control: EPHEMERAL } : {}),
  }));
  const texts = request.system.filter((text) => text.trim() !== "");
  const breakpointAfter = request.cacheBreakpointAfter !== undefined && request.cacheBreakpointAfter < request.messages.length - 1 ? request.cacheBreakpointAfter : undefined;
  // The compacted prefix's breakpoint is taken from the system blocks: the API allows four in all.
  const systemBreakpoints = breakpointAfter === undefined ? MAX_SYSTEM_BREAKPOINTS : MAX_SYSTEM_BREAKPOINTS - 1;
  const system: Anthropic.TextBlockParam[] = texts.map((text, index) => ({
    type: "text",
    text,
    ...(index >= texts.length - systemBreakpoints ? { cache_control: EPHEMERAL } : {}),
  }));
  const maxTokens = caps.maxOutputTokens === undefined ? request.maxTokens : Math.min(request.maxTokens, caps.maxOutputTokens);
  const reasoning = reasoningParams(request.thinking, request.effort, caps, maxTokens);
  return {
    model: request.model,
    max_tokens: maxTokens,
    messages: messageParams(request.messages, breakpointAfter),
    ...(system.length > 0 ? { system } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(reasoning.thinking ? { thinking: reasoning.thinking } : {}),
    ...(reasoning.effort ? { output_config: { effort: reasoning.effort } } : {}),
  };
}
