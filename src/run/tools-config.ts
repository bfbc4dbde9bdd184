import { z } from "zod";
import { DEFAULT_SUBAGENT_LIMITS, type SubagentLimits } from "../runtime/index.js";

/** The `tools` key of greenlight.json: limits and allowances of the tools beyond the file tools. */
export const toolsConfigSchema = z
  .object({
    webFetch: z
      .object({
        /** Hosts WebFetch may reach although they are, or resolve to, a private or loopback address. */
        allowHosts: z.array(z.string().min(1)),
      })
      .partial()
      .strict(),
    subagents: z
      .object({
        /** How deep Task calls nest: 1 lets an agent start subagents that cannot start their own. */
        maxDepth: z.number().int().min(0).max(3),
        maxPerSession: z.number().int().positive().max(100),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type ToolsConfig = z.infer<typeof toolsConfigSchema>;

export function subagentLimits(config: ToolsConfig | undefined): SubagentLimits {
  return { ...DEFAULT_SUBAGENT_LIMITS, ...config?.subagents };
}

export function webFetchOptions(config: ToolsConfig | undefined): { allowHosts: string[] } {
  return { allowHosts: config?.webFetch?.allowHosts ?? [] };
}
