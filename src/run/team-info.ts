import { chooseModel, type ModelChoice } from "../agents/choose-model.js";
import type { AgentDefinition } from "../domain/agent-definition.js";
import type { RunEventOf } from "../domain/events.js";
import type { Role } from "../domain/roles.js";

export type TeamMember = RunEventOf<"run_started">["agents"][number];

/** What the workspace shows of the team: each role's agent, its model and its handoffs. */
export function teamInfo(agents: Record<Role, AgentDefinition>, models: ModelChoice): TeamMember[] {
  return Object.entries(agents).map(([role, agent]) => ({
    name: agent.name,
    role: role as Role,
    model: chooseModel(agent, models),
    handoffs: agent.handoffs.map((handoff) => ({ label: handoff.label, agent: handoff.resolvedAgent ?? handoff.agent, send: handoff.send, prompt: handoff.prompt })),
  }));
}
