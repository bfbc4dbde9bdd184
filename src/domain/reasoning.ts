import { z } from "zod";

/** How hard the model works on a reply (the API's `output_config.effort`). */
export const EFFORT_LEVELS = ["low", "medium", "high", "xhigh", "max"] as const;
export const effortSchema = z.enum(EFFORT_LEVELS);
export type Effort = z.infer<typeof effortSchema>;

/**
 * Whether the model thinks before it answers: "adaptive" (it decides how much), "off" (as far as the
 * model allows thinking to be turned off), or a token budget for models that take one.
 */
export const thinkingSettingSchema = z.union([z.enum(["adaptive", "off"]), z.number().int().min(1024)]);
export type ThinkingSetting = z.infer<typeof thinkingSettingSchema>;

export const reasoningSettingsSchema = z.object({ thinking: thinkingSettingSchema.optional(), effort: effortSchema.optional() }).strict();
export type ReasoningSettings = z.infer<typeof reasoningSettingsSchema>;

/** Why a model refused a reply (the API's `stop_details` of a `refusal`). */
export const refusalSchema = z.object({ category: z.string().nullable(), explanation: z.string().nullable() });
export type Refusal = z.infer<typeof refusalSchema>;
