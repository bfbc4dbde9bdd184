import { z } from "zod";
import type { AgentDefinition } from "../domain/agent-definition.js";
import { effortSchema, reasoningSettingsSchema, thinkingSettingSchema, type ReasoningSettings } from "../domain/reasoning.js";
import type { Role } from "../domain/roles.js";

/**
 * greenlight.json's thinking and effort: `thinking` and `effort` for every agent, `reasoning.roles` for
 * the stage agents, `reasoning.agents` for one agent by name.
 */
export const reasoningConfigShape = {
  thinking: thinkingSettingSchema.optional(),
  effort: effortSchema.optional(),
  reasoning: z
    .object({
      roles: z.object({ qa: reasoningSettingsSchema, backend: reasoningSettingsSchema, reviewer: reasoningSettingsSchema }).partial().strict().optional(),
      agents: z.record(z.string().min(1), reasoningSettingsSchema).optional(),
    })
    .strict()
    .optional(),
};

export interface ReasoningConfig {
  all: ReasoningSettings;
  roles: Partial<Record<Role, ReasoningSettings>>;
  agents: Record<string, ReasoningSettings>;
}

export function reasoningConfig(file: { thinking?: ReasoningSettings["thinking"]; effort?: ReasoningSettings["effort"]; reasoning?: { roles?: ReasoningConfig["roles"]; agents?: ReasoningConfig["agents"] } }): ReasoningConfig {
  return {
    all: { ...(file.thinking === undefined ? {} : { thinking: file.thinking }), ...(file.effort === undefined ? {} : { effort: file.effort }) },
    roles: file.reasoning?.roles ?? {},
    agents: file.reasoning?.agents ?? {},
  };
}

/**
 * Each setting from the most specific place that names it: greenlight.json for this agent by name, then
 * the agent's own file, then greenlight.json for its role, then for every agent.
 */
export function reasoningFor(config: ReasoningConfig, agent: AgentDefinition, role: Role | undefined): ReasoningSettings {
  const layers = [config.agents[agent.name], agent.reasoning, role === undefined ? undefined : config.roles[role], config.all];
  const thinking = layers.find((layer) => layer?.thinking !== undefined)?.thinking;
  const effort = layers.find((layer) => layer?.effort !== undefined)?.effort;
  return { ...(thinking === undefined ? {} : { thinking }), ...(effort === undefined ? {} : { effort }) };
}
