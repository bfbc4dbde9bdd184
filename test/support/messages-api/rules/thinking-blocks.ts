import { invalidRequest, type ApiRequest, type ServerRule } from "../rule.js";
import { REDACTED_PAYLOAD } from "../signature.js";

function invalidSignature({ messages, server }: ApiRequest) {
  for (const [index, message] of messages.entries()) {
    if (message.role !== "assistant") continue;
    for (const [at, block] of message.content.entries()) {
      if (block.type === "thinking") {
        const valid = typeof block.thinking === "string" && typeof block.signature === "string" && server.signer.verify(block.thinking, block.signature);
        if (!valid) return invalidRequest(`messages.${index}.content.${at}: Invalid \`signature\` in \`thinking\` block`);
      } else if (block.type === "redacted_thinking") {
        if (typeof block.data !== "string" || !server.signer.verify(REDACTED_PAYLOAD, block.data)) {
          return invalidRequest(`messages.${index}.content.${at}: Invalid \`data\` in \`redacted_thinking\` block`);
        }
      }
    }
  }
  return undefined;
}

/**
 * In a tool loop with thinking on, the assistant message before the lastmost tool results must start
 * with its thinking block, as the model produced it.
 */
function brokenToolLoop({ messages, thinkingOn }: ApiRequest) {
  if (!thinkingOn) return undefined;
  const last = messages.at(-1);
  if (last?.role !== "user" || !last.content.some((block) => block.type === "tool_result")) return undefined;
  const index = messages.length - 2;
  const assistant = messages[index];
  if (assistant?.role !== "assistant") return undefined;
  // A compaction block the API returned comes first and ends what is read before it: the thinking block follows it.
  const first = assistant.content.find((block) => block.type !== "compaction")?.type ?? "nothing";
  if (first === "thinking" || first === "redacted_thinking") return undefined;
  return invalidRequest(
    `messages.${index}.content.0.type: Expected 'thinking' or 'redacted_thinking', but found '${first}'. When 'thinking' is enabled, a final 'assistant' message must start with a thinking block (preceeding the lastmost set of 'tool_use' and 'tool_result' blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable 'thinking'. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`,
  );
}

/** Thinking blocks go back complete, unmodified and in order. */
export const thinkingBlocks: ServerRule = {
  name: "thinking blocks",
  check: (request) => invalidSignature(request) ?? brokenToolLoop(request),
};
