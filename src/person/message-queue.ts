import type { RunEventBody } from "../domain/events.js";
import { sessionKey } from "./agent-sessions.js";

export type AgentMessageEvent = Extract<RunEventBody, { type: "agent_message" }>;

/** A message a person typed to an agent that was working, waiting for the agent's next turn boundary. */
export interface QueuedMessage {
  id: string;
  agent: string;
  /** The requirement of the lane whose agent it is for (parallel runs). */
  lane?: string;
  text: string;
}

/**
 * The person's messages to working agents, per session key, in the order typed. Each change is published
 * as the message's whole state, after the queue holds it, so the TUI and the headless lines show what the
 * queue holds. A message leaves the queue exactly once: delivered, withdrawn, or dropped when the run ends.
 */
export class MessageQueue {
  private readonly waiting: QueuedMessage[] = [];
  private next = 1;
  private closed = false;

  constructor(private readonly publish: (event: AgentMessageEvent, requirement?: string) => void) {}

  /** Queues a message; undefined once the run has ended (nothing would deliver it). */
  queue(agent: string, text: string, lane?: string): QueuedMessage | undefined {
    if (this.closed) return undefined;
    const message: QueuedMessage = { id: `msg-${this.next++}`, agent, ...(lane ? { lane } : {}), text };
    this.waiting.push(message);
    this.announce(message, "queued");
    return message;
  }

  /** Takes a queued message back before it is delivered; false when it is no longer queued. */
  withdraw(id: string): boolean {
    const message = this.remove((candidate) => candidate.id === id)[0];
    if (message) this.announce(message, "withdrawn");
    return message !== undefined;
  }

  /** Whether messages wait for the session `key` (an agent, or `agent@lane`). */
  pending(key: string): boolean {
    return this.waiting.some((message) => keyOf(message) === key);
  }

  /** The texts queued for the session `key`, in the order typed, each published as delivered. */
  take(key: string): string[] {
    const taken = this.remove((message) => keyOf(message) === key);
    for (const message of taken) this.announce(message, "delivered");
    return taken.map((message) => message.text);
  }

  /** What is queued for the session `key` cannot be delivered: it is withdrawn with `note`. */
  drop(key: string, note: string): void {
    for (const message of this.remove((candidate) => keyOf(candidate) === key)) this.announce(message, "withdrawn", note);
  }

  /** The run has ended: what is still queued is withdrawn with `note`, and nothing more is queued. */
  close(note: string): void {
    this.closed = true;
    for (const message of this.remove(() => true)) this.announce(message, "withdrawn", note);
  }

  private remove(match: (message: QueuedMessage) => boolean): QueuedMessage[] {
    const removed = this.waiting.filter(match);
    for (const message of removed) this.waiting.splice(this.waiting.indexOf(message), 1);
    return removed;
  }

  private announce(message: QueuedMessage, state: AgentMessageEvent["state"], note?: string): void {
    this.publish({ type: "agent_message", id: message.id, agent: message.agent, text: message.text, state, ...(note ? { note } : {}) }, message.lane);
  }
}

const keyOf = (message: QueuedMessage): string => sessionKey(message.agent, message.lane);
