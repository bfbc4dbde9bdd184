import { z } from "zod";

const perMillion = z.number().nonnegative();

/**
 * greenlight.json `pricing`: USD per million tokens for a model id (a gateway's model, or a price newer
 * than greenlight's table). Cache rates left out follow Anthropic's standard multipliers of the input rate.
 */
export const pricingConfigSchema = z.record(
  z.string().min(1),
  z.object({ input: perMillion, output: perMillion, cacheWrite5m: perMillion.optional(), cacheWrite1h: perMillion.optional(), cacheRead: perMillion.optional() }).strict(),
);
export type PricingConfig = z.infer<typeof pricingConfigSchema>;
