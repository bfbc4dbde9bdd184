import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Message } from "../domain/conversation.js";
import type { AgentEvent, SubagentEvent } from "../domain/events.js";
import type { Role } from "../domain/roles.js";
import type { SessionReport } from "../domain/session-report.js";
import { sessionKey, type AgentSessions } from "../person/agent-sessions.js";
import type { Inbox } from "../person/inbox.js";
import type { PermissionRequest, SessionFactory, SessionOutcome } from "../runtime/index.js";

export interface AgentRunnerDeps {
  factory: SessionFactory;
  agents: Record<Role, AgentDefinition>;
  /** Every agent a person may talk to or hand off to, the stage agents included. */
  catalog: AgentDefinition[];
  sessions: AgentSessions;
  /** With a person at the workspace, AskHuman waits for their answer; without, the task blocks on the question. */
  inbox?: Inbox;
  /** A parallel run's lane: its sessions are kept apart from the same agents' sessions in other lanes. */
  lane?: string;
  /** greenlight.json's fallbackModel: it takes the retry of a stage the model refused. */
  fallbackModel?: string;
  publish: (event: AgentEvent | SubagentEvent, requirement?: string) => void;
}

/** The inbox line for a call waiting for permission: the exact command or file, the agent's reason, the rules. */
function permissionText(request: PermissionRequest): string {
  const reason = ` Reason: ${request.reason ? request.reason.replace(/\s+/g, " ").slice(0, 300) : "(the agent gave none)"}`;
  return `${request.tool} ${request.subject} needs your permission (${request.rules.join("; ")}).${reason}`;
}

/** Asks the person at the workspace about one call: it waits in the inbox until they allow or deny it. */
function askPermissionIn(inbox: Inbox, agent: string, requirement: string | undefined) {
  return async (call: PermissionRequest, signal: AbortSignal) => {
    const permission = { tool: call.tool, subject: call.subject, reason: call.reason, rules: call.rules };
    const reply = await inbox.ask({ kind: "permission", agent, ...(requirement ? { requirement } : {}), text: permissionText(call), permission }, signal);
    if (reply?.kind === "allow") return { kind: "allow" as const, scope: reply.scope };
    return reply?.kind === "deny" ? { kind: "deny" as const, note: reply.note } : undefined;
  };
}

const HEADLESS_ASK_REPLY = "Your question has been passed to a person and the task waits for their answer. End your session now with a short summary.";

interface RunRequest {
  agent: AgentDefinition;
  role?: Role;
  prompt: string;
  requirement?: string;
  priorMessages?: Message[];
  model?: string;
  /** The requirement the session's events belong to, when it is not the session's own (a person's conversation). */
  eventsOf?: string;
}

/**
 * Runs the run's agents through the session factory, one session per agent at a time: pipeline stages in
 * a fresh context, and conversations a person starts (continuing the agent's last session).
 */
export function createAgentRunner(deps: AgentRunnerDeps) {
  const keyOf = (agent: string) => sessionKey(agent, deps.lane);
  const run = (request: RunRequest): Promise<SessionOutcome> =>
    deps.sessions.run(keyOf(request.agent.name), (signal, takeQueuedMessages) =>
      deps.factory.run({
        agent: request.agent,
        ...(request.role ? { role: request.role } : {}),
        prompt: request.prompt,
        ...(request.requirement ? { requirement: request.requirement } : {}),
        ...(request.priorMessages ? { priorMessages: request.priorMessages } : {}),
        ...(request.model ? { model: request.model } : {}),
        askHuman: async (question, askSignal) => {
          if (!deps.inbox) return HEADLESS_ASK_REPLY;
          const reply = await deps.inbox.ask({ kind: "question", agent: request.agent.name, ...(request.requirement ? { requirement: request.requirement } : {}), text: question }, askSignal);
          return reply?.kind === "answer" ? reply.text : "The session was stopped before the person answered.";
        },
        ...(deps.inbox ? { askPermission: askPermissionIn(deps.inbox, request.agent.name, request.requirement) } : {}),
        signal,
        takeQueuedMessages,
        onEvent: (event) => deps.publish(event, request.requirement ?? request.eventsOf),
      }),
    );

  const roleOf = (name: string): Role | undefined => (Object.keys(deps.agents) as Role[]).find((role) => deps.agents[role].name === name);

  return {
    async runStage(role: Role, prompt: string, requirement: string): Promise<SessionReport> {
      const stage = { agent: deps.agents[role], role, prompt, requirement };
      let outcome = await run(stage);
      // A refusal may be this model's call on this attempt: the stage is tried once more, by the fallback model when one is set.
      const retried = outcome.reason === "refused";
      if (retried) outcome = await run({ ...stage, ...(deps.fallbackModel ? { model: deps.fallbackModel } : {}) });
      const refusedAgain = retried && outcome.reason === "refused" ? `refused twice (retried once${deps.fallbackModel ? ` with ${deps.fallbackModel}` : ""}): ` : "";
      const report: SessionReport = {
        ended: outcome.reason === "aborted" ? "aborted" : outcome.reason === "completed" ? "completed" : "failed",
        ...(outcome.error !== undefined ? { error: refusedAgain + outcome.error } : outcome.reason !== "completed" ? { error: outcome.reason } : {}),
      };
      if (outcome.verdict) report.verdict = outcome.verdict;
      // With a person present the question was answered inside the session; headless it blocks the task.
      if (outcome.question !== undefined && !deps.inbox) report.question = outcome.question;
      return report;
    },

    /** A session a person started: continues the agent's last transcript when it has one; its events carry the requirement. */
    async converse(agentName: string, prompt: string, fresh = false, requirement?: string): Promise<SessionOutcome> {
      const agent = deps.catalog.find((candidate) => candidate.name === agentName);
      if (!agent) throw new Error(`no agent named '${agentName}'`);
      const role = roleOf(agentName);
      const prior = fresh ? undefined : deps.sessions.lastOf(keyOf(agentName))?.messages;
      return run({ agent, ...(role ? { role } : {}), prompt, ...(prior ? { priorMessages: prior } : {}), ...(requirement ? { eventsOf: requirement } : {}) });
    },
  };
}

export type AgentRunner = ReturnType<typeof createAgentRunner>;
