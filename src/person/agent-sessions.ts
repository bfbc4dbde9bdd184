import type { Message } from "../domain/conversation.js";
import type { SessionOutcome } from "../runtime/index.js";

/** What an agent's last session left behind: enough to continue it or to hand its work on. */
export interface LastSession {
  messages: Message[];
  finalText: string;
  filesChanged: string[];
}

/** The key of an agent's sessions: its name, or in a parallel run "backend@REQ-002" (one per lane). */
export function sessionKey(agent: string, lane: string | undefined): string {
  return lane ? `${agent}@${lane}` : agent;
}

/**
 * Every agent session of a run, pipeline stage or person-started, goes through here: each gets its own
 * abort signal chained to the run's, so a person can cancel one agent's turn without stopping the run,
 * and each agent's last transcript is kept so a person's message can continue it.
 */
export class AgentSessions {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private readonly last = new Map<string, LastSession>();

  private readonly idleWaiters = new Map<string, (() => void)[]>();

  /** `takeQueued` hands a session the person's messages queued for it (MessageQueue.take), at its turn boundaries. */
  constructor(
    private readonly runSignal: AbortSignal,
    private readonly takeQueued: (key: string) => string[] = () => [],
  ) {}

  isBusy(agent: string): boolean {
    return this.running.has(agent);
  }

  lastOf(agent: string): LastSession | undefined {
    return this.last.get(agent);
  }

  /**
   * Aborts the agent's current session only; false when it has none. In a parallel run its sessions are
   * kept per lane: the lane's, or without a lane each lane's session of that agent.
   */
  cancel(agent: string, lane?: string): boolean {
    const exact = this.running.get(sessionKey(agent, lane));
    const sessions = exact ? [exact] : [...this.running].filter(([key]) => key.startsWith(`${agent}@`)).map(([, session]) => session);
    for (const session of sessions) session.controller.abort();
    return sessions.length > 0;
  }

  /** One agent holds one session at a time: a stage due while a person talks to its agent waits for that to end. */
  async run(agent: string, session: (signal: AbortSignal, takeQueued: () => string[]) => Promise<SessionOutcome>): Promise<SessionOutcome> {
    for (let busy = this.running.get(agent); busy; busy = this.running.get(agent)) await busy.done.catch(() => undefined);
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.runSignal.addEventListener("abort", stop, { once: true });
    if (this.runSignal.aborted) controller.abort();
    const running = session(controller.signal, () => this.takeQueued(agent));
    this.running.set(agent, { controller, done: running });
    try {
      const outcome = await running;
      this.last.set(agent, { messages: outcome.messages, finalText: outcome.finalText, filesChanged: outcome.filesChanged });
      return outcome;
    } finally {
      this.running.delete(agent);
      this.runSignal.removeEventListener("abort", stop);
      const waiters = this.idleWaiters.get(agent) ?? [];
      this.idleWaiters.delete(agent);
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once the session `agent` (a session key) is not running: at once when it is not. */
  idle(agent: string): Promise<void> {
    if (!this.running.has(agent)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.set(agent, [...(this.idleWaiters.get(agent) ?? []), resolve]));
  }

  /** Resolves once no session is running, so the run log closes only after their last events. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((session) => session.done));
  }
}
