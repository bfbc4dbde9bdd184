import { DEFAULT_MODEL, resolveModel } from "../agents/index.js";
import type { AgentDefinition } from "../domain/agent-definition.js";
import type { RunEventOf } from "../domain/events.js";
import type { Role } from "../domain/roles.js";

export type TeamMember = RunEventOf<"run_started">["agents"][number];

/** The model an agent really runs on: its own, else the workspace's, else the default. */
export function effectiveModel(agent: AgentDefinition, workspaceModel: string | undefined): string {
  const model = resolveModel(agent.model, workspaceModel).model;
  return model === "inherit" ? (workspaceModel ?? DEFAULT_MODEL) : model;
}

/** What the workspace shows of the team: each role's agent, its model and its handoffs. */
export function teamInfo(agents: Record<Role, AgentDefinition>, workspaceModel: string | undefined): TeamMember[] {
  return Object.entries(agents).map(([role, agent]) => ({
    name: agent.name,
    role: role as Role,
    model: effectiveModel(agent, workspaceModel),
    handoffs: agent.handoffs.map((handoff) => ({ label: handoff.label, agent: handoff.resolvedAgent ?? handoff.agent, send: handoff.send, prompt: handoff.prompt })),
  }));
}
