import { invalidRequest, type ServerRule } from "../rule.js";

/** Models that choose their own sampling refuse temperature, top_p and top_k outright. */
export const samplingParameters: ServerRule = {
  name: "sampling parameters",
  check({ body, model }) {
    if (model.samplingParameters) return undefined;
    const named = ["temperature", "top_p", "top_k"].find((key) => body[key] !== undefined);
    return named === undefined ? undefined : invalidRequest(`${named}: sampling parameters are not supported for ${model.id}`);
  },
};
