import type { AgentDefinition } from "../domain/agent-definition.js";
import type { AgentEvent, SubagentEvent } from "../domain/events.js";
import type { Subagents } from "../tools/index.js";
import type { SessionOutcome } from "./session-options.js";

export interface SubagentLimits {
  /** How deep Task calls nest: 1 lets an agent start subagents that cannot start their own. */
  maxDepth: number;
  maxPerSession: number;
}

export const DEFAULT_SUBAGENT_LIMITS: SubagentLimits = { maxDepth: 1, maxPerSession: 10 };

/** The agents Task may start, and how far. */
export interface SubagentConfig {
  catalog: readonly AgentDefinition[];
  limits: SubagentLimits;
}

export interface Caller {
  /** The agent whose session holds the Task tool. */
  name: string;
  /** The agent whose rights its subagents have: the top caller, whatever the depth. */
  actsFor: string;
  /** 0 for a stage or a person's session, 1 for its subagents. */
  depth: number;
}

/** Runs one subagent's session for a caller one level up (the session factory's own way of running). */
export type RunSubagent = (agent: AgentDefinition, prompt: string, caller: Caller, signal: AbortSignal, onEvent: (event: AgentEvent | SubagentEvent) => void) => Promise<SessionOutcome>;

/**
 * What a caller's Task tool may start, or undefined at the depth limit. A subagent's events reach
 * `publish` wrapped as the caller's; a subagent's own subagents are flattened into the top caller's
 * stream with a path ("explorer > checker"), so a wrapped event is never itself a wrapper.
 */
export function subagentsFor(config: SubagentConfig | undefined, caller: Caller, runSubagent: RunSubagent, publish: (event: SubagentEvent) => void): Subagents | undefined {
  if (!config || caller.depth >= config.limits.maxDepth) return undefined;
  return {
    available: config.catalog.map((agent) => ({ name: agent.name, description: agent.description })),
    maxPerSession: config.limits.maxPerSession,
    async start(request, signal) {
      const agent = config.catalog.find((candidate) => candidate.name === request.agent);
      if (!agent) throw new Error(`no agent named '${request.agent}' in the catalog`);
      const wrap = (event: AgentEvent | SubagentEvent): SubagentEvent =>
        event.type === "subagent_event"
          ? { ...event, agent: caller.name, subagent: `${agent.name} > ${event.subagent}` }
          : { type: "subagent_event", agent: caller.name, subagent: agent.name, toolUseId: request.toolUseId, event };
      const outcome = await runSubagent(agent, request.prompt, { name: agent.name, actsFor: caller.actsFor, depth: caller.depth + 1 }, signal, (event) => publish(wrap(event)));
      return {
        reason: outcome.reason,
        finalText: outcome.finalText,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        turns: outcome.turns,
        usage: outcome.usage,
        costUsd: outcome.costUsd,
        ...(outcome.costUnknown ? { costUnknown: true } : {}),
        filesChanged: outcome.filesChanged,
      };
    },
  };
}
