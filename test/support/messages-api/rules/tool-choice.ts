import { invalidRequest, type ServerRule } from "../rule.js";

/** With thinking on, the model must be free to think before it calls: a forced tool_choice is refused. */
export const forcedToolChoice: ServerRule = {
  name: "forced tool_choice",
  check({ body, thinkingOn }) {
    const choice = (body.tool_choice as { type?: string } | undefined)?.type;
    if (!thinkingOn || (choice !== "any" && choice !== "tool")) return undefined;
    return invalidRequest("Thinking may not be enabled when tool_choice forces tool use.");
  },
};
