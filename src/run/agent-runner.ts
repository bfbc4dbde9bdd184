import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Message } from "../domain/conversation.js";
import type { AgentEvent } from "../domain/events.js";
import type { Role } from "../domain/roles.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { ModelProvider } from "../provider/model-provider.js";
import { drainSession, runSession, type SessionBudgets, type SessionOutcome } from "../runtime/index.js";
import { createToolset, Workspace, type ReviewVerdict } from "../tools/index.js";
import type { AgentSessions } from "../person/agent-sessions.js";
import type { Inbox } from "../person/inbox.js";
import type { SessionReport } from "../domain/session-report.js";
import type { TestLock } from "../gates/test-lock.js";

export interface AgentStageDeps {
  projectDir: string;
  stateDir: string;
  agents: Record<Role, AgentDefinition>;
  /** Every agent a person may talk to or hand off to, the stage agents included. */
  catalog: AgentDefinition[];
  modelOf: (agent: AgentDefinition) => string;
  provider: ModelProvider;
  runner: ProcessRunner;
  /** The environment tools' commands see, already scrubbed of secrets. */
  env: Record<string, string>;
  lock: TestLock;
  sessions: AgentSessions;
  /** With a person at the workspace, AskHuman waits for their answer; without, the task blocks on the question. */
  inbox?: Inbox;
  budgets?: SessionBudgets;
  publish: (event: AgentEvent, requirement?: string) => void;
  signal: AbortSignal;
}

const HEADLESS_ASK_REPLY = "Your question has been passed to a person and the task waits for their answer. End your session now with a short summary.";

interface SessionRequest {
  agent: AgentDefinition;
  role?: Role;
  prompt: string;
  requirement?: string;
  priorMessages?: Message[];
}

/**
 * Runs agents with their tools confined to the project and the test lock applied: pipeline stages in a
 * fresh context, and conversations a person starts (continuing the agent's last session).
 */
export function createAgentRunner(deps: AgentStageDeps) {
  async function run(request: SessionRequest): Promise<{ outcome: SessionOutcome; verdict?: ReviewVerdict; question?: string }> {
    const { agent } = request;
    const workspace = await Workspace.create({ projectDir: deps.projectDir, protectedDirs: [deps.stateDir], writeGuards: [deps.lock.guard] });
    let verdict: ReviewVerdict | undefined;
    let question: string | undefined;
    const askHuman = async (asked: string, signal: AbortSignal): Promise<string> => {
      if (!deps.inbox) {
        question = asked;
        return HEADLESS_ASK_REPLY;
      }
      const reply = await deps.inbox.ask({ kind: "question", agent: agent.name, ...(request.requirement ? { requirement: request.requirement } : {}), text: asked }, signal);
      return reply?.kind === "answer" ? reply.text : "The session was stopped before the person answered.";
    };
    const tools = createToolset({
      workspace,
      capabilities: agent.tools,
      ...(request.role ? { role: request.role } : {}),
      runner: deps.runner,
      env: deps.env,
      onVerdict: (given) => {
        verdict = given;
      },
      askHuman,
    });
    const outcome = await deps.sessions.run(agent.name, (signal) =>
      drainSession(
        runSession({
          agent,
          ...(request.role ? { role: request.role } : {}),
          model: deps.modelOf(agent),
          provider: deps.provider,
          tools,
          prompt: request.prompt,
          ...(request.requirement ? { requirement: request.requirement } : {}),
          ...(request.priorMessages ? { priorMessages: request.priorMessages } : {}),
          signal,
          ...(deps.budgets ? { budgets: deps.budgets } : {}),
        }),
        (event) => deps.publish(event, request.requirement),
      ),
    );
    return { outcome, ...(verdict ? { verdict } : {}), ...(question !== undefined ? { question } : {}) };
  }

  const roleOf = (name: string): Role | undefined => (Object.keys(deps.agents) as Role[]).find((stage) => deps.agents[stage].name === name);

  return {
    async runStage(stage: Role, prompt: string, requirement: string): Promise<SessionReport> {
      const { outcome, verdict, question } = await run({ agent: deps.agents[stage], role: stage, prompt, requirement });
      const report: SessionReport = {
        ended: outcome.reason === "aborted" ? "aborted" : outcome.reason === "completed" ? "completed" : "failed",
        ...(outcome.error !== undefined ? { error: outcome.error } : outcome.reason !== "completed" ? { error: outcome.reason } : {}),
      };
      if (verdict) report.verdict = { verdict: verdict.verdict, summary: verdict.summary, findings: verdict.findings ?? [] };
      if (question !== undefined) report.question = question;
      return report;
    },

    /** A session a person started: continues the agent's last transcript when it has one. */
    async converse(agentName: string, prompt: string, fresh = false): Promise<SessionOutcome> {
      const agent = deps.catalog.find((candidate) => candidate.name === agentName);
      if (!agent) throw new Error(`no agent named '${agentName}'`);
      const role = roleOf(agentName);
      const prior = fresh ? undefined : deps.sessions.lastOf(agentName)?.messages;
      return (await run({ agent, ...(role ? { role } : {}), prompt, ...(prior ? { priorMessages: prior } : {}) })).outcome;
    },
  };
}

export type AgentRunner = ReturnType<typeof createAgentRunner>;
