import { invalidRequest, type ServerRule } from "../rule.js";

/** `thinking` types and budgets the model does not take; `display` only where thinking can show. */
export const thinkingConfig: ServerRule = {
  name: "thinking config",
  check({ body, model }) {
    const thinking = body.thinking as { type?: string; budget_tokens?: unknown; display?: unknown } | undefined;
    if (thinking === undefined) return undefined;
    const type = thinking.type;
    if (type !== "adaptive" && type !== "enabled" && type !== "between_tools" && type !== "disabled") {
      return invalidRequest(`thinking.type: Input should be 'adaptive', 'enabled', 'between_tools' or 'disabled'`);
    }
    if (!model.thinkingTypes.includes(type)) {
      if (type === "disabled") return invalidRequest(`thinking.type: 'disabled' is not supported for ${model.id}; use 'between_tools' to turn thinking off`);
      if (type === "enabled") return invalidRequest(`thinking.type: 'enabled' with budget_tokens is not supported for ${model.id}; use 'adaptive' thinking with output_config.effort`);
      return invalidRequest(`thinking.type: '${type}' is not supported for ${model.id}`);
    }
    if (type === "enabled") {
      const budget = thinking.budget_tokens;
      if (typeof budget !== "number" || budget < 1024) return invalidRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
      if (budget >= Number(body.max_tokens)) return invalidRequest("`max_tokens` must be greater than `thinking.budget_tokens`");
    } else if (thinking.budget_tokens !== undefined) {
      return invalidRequest(`thinking.${type}.budget_tokens: Extra inputs are not permitted`);
    }
    if (thinking.display !== undefined && thinking.display !== null && type !== "adaptive" && type !== "enabled") {
      return invalidRequest(`thinking.${type}.display: Extra inputs are not permitted`);
    }
    return undefined;
  },
};
