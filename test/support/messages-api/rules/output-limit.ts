import { invalidRequest, type ServerRule } from "../rule.js";

/** max_tokens within the model's output limit; an effort level the model offers. */
export const outputLimit: ServerRule = {
  name: "max_tokens and effort",
  check({ body, model }) {
    const maxTokens = body.max_tokens;
    if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) return invalidRequest("max_tokens: Field required");
    if (maxTokens > model.maxTokens) {
      return invalidRequest(`max_tokens: ${maxTokens} > ${model.maxTokens}, which is the maximum allowed number of output tokens for ${model.id}`);
    }
    const effort = (body.output_config as { effort?: string | null } | undefined)?.effort;
    if (effort !== undefined && effort !== null && !(model.effortLevels as readonly string[]).includes(effort)) {
      return invalidRequest(
        model.effortLevels.length === 0
          ? `output_config.effort: effort is not supported for ${model.id}`
          : `output_config.effort: '${effort}' is not supported for ${model.id} (it takes ${model.effortLevels.join(", ")})`,
      );
    }
    return undefined;
  },
};
