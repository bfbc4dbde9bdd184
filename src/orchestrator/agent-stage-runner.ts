import type { AgentDefinition } from "../domain/agent-definition.js";
import type { AgentEvent } from "../domain/events.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { ModelProvider } from "../provider/model-provider.js";
import { drainSession, runSession, type SessionBudgets } from "../runtime/index.js";
import { createToolset, Workspace, type ReviewVerdict } from "../tools/index.js";
import type { SessionReport, Stage } from "./requirement-pipeline.js";
import type { TestLock } from "./test-lock.js";

export interface AgentStageDeps {
  projectDir: string;
  stateDir: string;
  agents: Record<Stage, AgentDefinition>;
  modelOf: (agent: AgentDefinition) => string;
  provider: ModelProvider;
  runner: ProcessRunner;
  /** The environment tools' commands see, already scrubbed of secrets. */
  env: Record<string, string>;
  lock: TestLock;
  budgets?: SessionBudgets;
  publish: (event: AgentEvent, requirement: string) => void;
  signal: AbortSignal;
}

const STAGE_ROLE = { qa: "qa", backend: "backend", reviewer: "reviewer" } as const;

/** Runs the agent of a stage on a handoff prompt, in a fresh context, with its tools confined and locked. */
export function createAgentStageRunner(deps: AgentStageDeps) {
  return async (stage: Stage, prompt: string, requirement: string): Promise<SessionReport> => {
    const agent = deps.agents[stage];
    const workspace = await Workspace.create({ projectDir: deps.projectDir, protectedDirs: [deps.stateDir], writeGuards: [deps.lock.guard] });
    let verdict: ReviewVerdict | undefined;
    let question: string | undefined;
    const tools = createToolset({
      workspace,
      capabilities: agent.tools,
      role: STAGE_ROLE[stage],
      runner: deps.runner,
      env: deps.env,
      onVerdict: (given) => {
        verdict = given;
      },
      askHuman: async (asked) => {
        question = asked;
        return "Your question has been passed to a person and the task waits for their answer. End your session now with a short summary.";
      },
    });
    const session = runSession({
      agent,
      role: STAGE_ROLE[stage],
      model: deps.modelOf(agent),
      provider: deps.provider,
      tools,
      prompt,
      requirement,
      signal: deps.signal,
      ...(deps.budgets ? { budgets: deps.budgets } : {}),
    });
    const outcome = await drainSession(session, (event) => deps.publish(event, requirement));
    const report: SessionReport = {
      ended: outcome.reason === "aborted" ? "aborted" : outcome.reason === "completed" ? "completed" : "failed",
      ...(outcome.error !== undefined ? { error: outcome.error } : outcome.reason !== "completed" ? { error: outcome.reason } : {}),
    };
    if (verdict) report.verdict = { verdict: verdict.verdict, summary: verdict.summary, findings: verdict.findings ?? [] };
    if (question !== undefined) report.question = question;
    return report;
  };
}
