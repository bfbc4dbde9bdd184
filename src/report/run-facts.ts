import type { GateName, RunEvent, RunEventOf } from "../domain/events.js";
import type { Evidence } from "../domain/traceability.js";
import type { RunRecord } from "./report-input.js";

export interface SessionFact {
  run: string;
  agent: string;
  model: string;
  requirement?: string;
  startedAt: string;
  finishedAt?: string;
  reason?: string;
  turns: number;
  tokens: { input: number; output: number; cacheWrite: number; cacheRead: number };
  costUsd: number;
  durationMs: number;
}

export interface GateFact {
  run: string;
  requirement: string;
  gate: GateName;
  command: string;
  passed: boolean;
  exitCode: number | null;
  at: string;
  startedAt?: string;
  durationMs: number;
  summary: string;
  evidence?: Evidence;
  outputTail: string;
}

export interface TamperFact {
  run: string;
  requirement: string;
  at: string;
  agent: string;
  caught: "tool" | "gate";
  kind: string;
  files: readonly string[];
  tests: readonly string[];
  reason: string;
}

export interface IntegrationFact {
  run: string;
  requirement: string;
  at: string;
  outcome: "integrated" | "conflict" | "failed";
  commit?: string;
  summary: string;
  files: readonly string[];
  tests: readonly string[];
}

/** What the run logs say happened, per kind, in the order it happened. */
export interface RunFacts {
  sessions: SessionFact[];
  gates: GateFact[];
  tampers: TamperFact[];
  integrations: IntegrationFact[];
  /** Runs that worked on requirements in parallel lanes. */
  parallelRuns: Set<string>;
  start?: string;
  end?: string;
}

function sessionFinished(session: SessionFact, event: RunEventOf<"session_finished">): void {
  const { result } = event;
  session.finishedAt = event.at;
  session.reason = result.reason;
  session.turns = result.turns;
  session.tokens = { input: result.usage.inputTokens, output: result.usage.outputTokens, cacheWrite: result.usage.cacheCreationInputTokens, cacheRead: result.usage.cacheReadInputTokens };
  session.costUsd = result.costUsd;
  session.durationMs = result.durationMs;
}

/** Reads one run's events into the facts; sessions pair by agent and requirement (an agent runs one session at a time per lane). */
function readRun(run: RunRecord, facts: RunFacts): void {
  const open = new Map<string, SessionFact>();
  const gateStarts = new Map<string, string>();
  const key = (agent: string, requirement: string | undefined) => `${requirement ?? ""}\u0000${agent}`;
  for (const event of run.events as readonly RunEvent[]) {
    if (facts.start === undefined || event.at < facts.start) facts.start = event.at;
    if (facts.end === undefined || event.at > facts.end) facts.end = event.at;
    switch (event.type) {
      case "run_started":
        if ((event.parallel ?? 1) > 1) facts.parallelRuns.add(run.id);
        break;
      case "session_started": {
        const session: SessionFact = {
          run: run.id,
          agent: event.agent,
          model: event.model,
          ...(event.requirement !== undefined ? { requirement: event.requirement } : {}),
          startedAt: event.at,
          turns: 0,
          tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 },
          costUsd: 0,
          durationMs: 0,
        };
        open.set(key(event.agent, event.requirement), session);
        facts.sessions.push(session);
        break;
      }
      case "session_finished": {
        const session = open.get(key(event.agent, event.requirement));
        if (session) sessionFinished(session, event);
        open.delete(key(event.agent, event.requirement));
        break;
      }
      case "gate_started":
        gateStarts.set(`${event.requirement}\u0000${event.gate}`, event.at);
        break;
      case "gate_finished": {
        const startedAt = gateStarts.get(`${event.requirement}\u0000${event.gate}`);
        facts.gates.push({
          run: run.id,
          requirement: event.requirement,
          gate: event.gate,
          command: event.command,
          passed: event.passed,
          exitCode: event.exitCode,
          at: event.at,
          ...(startedAt !== undefined ? { startedAt } : {}),
          durationMs: event.durationMs,
          summary: event.summary,
          ...(event.evidence !== undefined ? { evidence: event.evidence } : {}),
          outputTail: event.outputTail,
        });
        break;
      }
      case "tamper_refused":
        facts.tampers.push({ run: run.id, requirement: event.requirement, at: event.at, agent: event.agent, caught: event.caught, kind: event.kind, files: event.files, tests: event.tests, reason: event.reason });
        break;
      case "integration_finished":
        facts.integrations.push({
          run: run.id,
          requirement: event.requirement,
          at: event.at,
          outcome: event.outcome,
          ...(event.commit !== undefined ? { commit: event.commit } : {}),
          summary: event.summary,
          files: event.files,
          tests: event.tests,
        });
        break;
      default:
        break;
    }
  }
}

export function runFacts(runs: readonly RunRecord[]): RunFacts {
  const facts: RunFacts = { sessions: [], gates: [], tampers: [], integrations: [], parallelRuns: new Set() };
  for (const run of runs) readRun(run, facts);
  return facts;
}
