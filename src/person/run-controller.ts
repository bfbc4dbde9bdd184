import { sessionKey } from "./agent-sessions.js";
import type { Requirement } from "../domain/requirement.js";
import type { WorkspaceController } from "../domain/workspace-controller.js";
import type { EventBus } from "../events/event-bus.js";
import type { AgentSessions } from "./agent-sessions.js";
import { personHandoffPrompt } from "../workflow/handoff-packet.js";
import type { Inbox, InboxReply } from "./inbox.js";
import type { MessageQueue } from "./message-queue.js";

/** Starts or continues an agent's session for the person: fresh for a handoff, continued for a message. */
export interface AgentConversations {
  converse(agent: string, prompt: string, fresh?: boolean, requirement?: string): Promise<unknown>;
}

/** The parts of a started run the person's actions reach; connected once the agents are loaded. */
export interface RunEngine {
  inbox: Inbox;
  sessions: AgentSessions;
  /** The person's messages to agents that are working, taken by their sessions at turn boundaries. */
  messages: MessageQueue;
  agents: AgentConversations;
  /** The requirement the run works on now, or the one of `lane` in a parallel run. */
  currentRequirement(lane?: string): Requirement | undefined;
  /** Why the model provider cannot serve a person's session with this agent (a cassette with no turns for it). */
  cannotConverse(agent: string): string | undefined;
  /** What changed since the requirement started; undefined when it has not started. */
  diff(requirement: string): Promise<string | undefined>;
}

/**
 * What the person at the TUI can do to a run: pause between stages, answer and approve inbox items,
 * talk to agents, hand work from one agent to another, cancel one agent's turn, and quit (every agent
 * and test run is aborted through the run's one signal, state is already on disk).
 */
export class RunController implements WorkspaceController {
  private paused: { promise: Promise<void>; release: () => void } | undefined;
  private finished: Promise<unknown> = Promise.resolve();
  private engine: RunEngine | undefined;
  /** Kept after the run ends: the files stay, so their diff can still be shown. */
  private differ: RunEngine["diff"] | undefined;
  private ended = false;

  constructor(
    private readonly bus: EventBus,
    private readonly abort: AbortController,
    /** Writes the report of the run's state (the CLI's); the workspace's report key calls it. */
    private readonly reportWriter?: () => Promise<string>,
  ) {}

  async writeReport(): Promise<string> {
    if (!this.reportWriter) throw new Error("no report writer was given to this workspace");
    return this.reportWriter();
  }

  /** Called by the run when its agents are ready, and with nothing when it has finished. */
  connect(engine: RunEngine | undefined): void {
    if (this.engine && !engine) this.ended = true;
    this.engine = engine;
    if (engine) this.differ = (requirement) => engine.diff(requirement);
  }

  /** The run's completion, awaited by quit() so the caller exits only once state is saved. */
  track(run: Promise<unknown>): void {
    this.finished = run.catch(() => undefined);
  }

  /** Awaited by the pipeline before each stage. */
  async waitWhilePaused(): Promise<void> {
    await this.paused?.promise;
  }

  pause(): void {
    if (this.paused) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.paused = { promise, release };
    this.bus.publish({ type: "run_paused" });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused.release();
    this.paused = undefined;
    this.bus.publish({ type: "run_resumed" });
  }

  cancelAgent(agent: string, lane?: string): void {
    const engine = this.connected(`cancelling ${agent}`);
    if (engine && !engine.sessions.cancel(agent, lane)) this.say("info", `${agent} has no turn running to cancel`);
  }

  /** To a working agent the message is queued for its next turn boundary; to an idle one it starts a turn now. */
  sendMessage(agent: string, text: string, lane?: string): void {
    const engine = this.connected(`a message to ${agent}`);
    if (!engine) return;
    const key = sessionKey(agent, lane);
    if (!engine.sessions.isBusy(key) || this.conversationRefusal(agent, lane, "message")) {
      this.converse(engine, agent, text, false, lane, "message");
      return;
    }
    if (engine.messages.queue(agent, text, lane)) this.deliverWhenIdle(engine, agent, lane);
  }

  withdrawMessage(id: string): void {
    const engine = this.connected(`withdrawing message ${id}`);
    if (engine && !engine.messages.withdraw(id)) this.say("info", `message ${id} is no longer queued: it was delivered or withdrawn`);
  }

  handoff(from: string, to: string, prompt: string, lane?: string): void {
    const engine = this.connected(`a handoff to ${to}`);
    if (!engine) return;
    const last = engine.sessions.lastOf(sessionKey(from, lane));
    const requirement = engine.currentRequirement(lane);
    const packet = personHandoffPrompt({
      from,
      prompt,
      ...(last?.finalText ? { lastText: last.finalText } : {}),
      ...(requirement ? { requirement } : {}),
      filesChanged: last?.filesChanged ?? [],
    });
    this.converse(engine, to, packet, true, lane);
  }

  answer(inboxId: string, text: string): void {
    this.reply(inboxId, { kind: "answer", text });
  }

  approve(inboxId: string): void {
    this.reply(inboxId, { kind: "approve" });
  }

  reject(inboxId: string, note: string): void {
    this.reply(inboxId, { kind: "reject", note });
  }

  skip(inboxId: string): void {
    this.reply(inboxId, { kind: "skip" });
  }

  conversationRefusal(agent: string, lane?: string, purpose: "message" | "handoff" = "handoff"): string | undefined {
    if (!this.engine) return this.ended ? "the run has finished: start it again (greenlight run) to talk to the agents" : "the run has not started yet";
    if (purpose === "handoff" && this.engine.sessions.isBusy(sessionKey(agent, lane))) return `${agent} is busy; cancel its turn (Esc) or wait until it finishes`;
    return this.engine.cannotConverse(agent);
  }

  async diff(requirement: string): Promise<string> {
    if (!this.differ) throw new Error("the run has not started yet");
    const diff = await this.differ(requirement);
    if (diff === undefined) throw new Error(`${requirement} has not started, so nothing has changed for it yet`);
    return diff;
  }

  allow(inboxId: string, scope: "once" | "session"): void {
    this.reply(inboxId, { kind: "allow", scope });
  }

  deny(inboxId: string, note: string): void {
    this.reply(inboxId, { kind: "deny", note });
  }

  async quit(): Promise<void> {
    this.paused?.release();
    this.abort.abort();
    await this.finished;
  }

  private reply(inboxId: string, reply: InboxReply): void {
    const engine = this.connected(`replying to ${inboxId}`);
    const problem = engine?.inbox.reply(inboxId, reply);
    if (problem) this.say("warn", problem);
  }

  /**
   * Messages a session did not take before it ended (it was cancelled, or ended between two boundaries)
   * start the agent's next turn once it is idle; a session that starts first takes them itself.
   */
  private deliverWhenIdle(engine: RunEngine, agent: string, lane: string | undefined): void {
    const key = sessionKey(agent, lane);
    void engine.sessions.idle(key).then(() => {
      // A run that is stopping starts no turn: what is queued is withdrawn when the run ends.
      if (this.engine !== engine || this.abort.signal.aborted || !engine.messages.pending(key)) return;
      if (engine.sessions.isBusy(key)) return this.deliverWhenIdle(engine, agent, lane);
      const refusal = this.conversationRefusal(agent, lane, "message");
      if (refusal) return engine.messages.drop(key, refusal);
      this.converse(engine, agent, engine.messages.take(key).join("\n\n"), false, lane, "message");
    });
  }

  private converse(engine: RunEngine, agent: string, prompt: string, fresh: boolean, lane: string | undefined, purpose: "message" | "handoff" = "handoff"): void {
    const refusal = this.conversationRefusal(agent, lane, purpose);
    if (refusal) {
      this.say("warn", refusal);
      return;
    }
    engine.agents.converse(agent, prompt, fresh, lane).catch((error: unknown) => this.say("error", `${agent}: ${error instanceof Error ? error.message : String(error)}`));
  }

  private connected(what: string): RunEngine | undefined {
    if (!this.engine) this.say("warn", `${what} is not possible: the run is not running`);
    return this.engine;
  }

  private say(level: "info" | "warn" | "error", message: string): void {
    this.bus.publish({ type: "log", level, message });
  }
}
