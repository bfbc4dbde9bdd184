/**
 * What a person can ask of a running workspace. The TUI holds only this interface; main.ts hands it
 * an implementation backed by the orchestrator, so the UI never reaches into the engine.
 */
export interface WorkspaceController {
  pause(): void;
  resume(): void;
  /**
   * Cancel the current turn of one agent (Esc). `lane`, in a parallel run: the requirement whose lane
   * the person is looking at (the same agent works in every lane); without it, the agent in every lane.
   */
  cancelAgent(agent: string, lane?: string): void;
  /**
   * Send a person's message to an agent (of `lane`, in a parallel run): to an idle agent it starts (or
   * continues) a session; to a working one it is queued (an agent_message event) and delivered at the
   * agent's next turn boundary.
   */
  sendMessage(agent: string, text: string, lane?: string): void;
  /** Take back a queued message (by the id of its agent_message event) before it is delivered. */
  withdrawMessage(id: string): void;
  /** Start `to` with a prompt and a handoff packet from `from`'s last session (both of `lane`, in a parallel run). */
  handoff(from: string, to: string, prompt: string, lane?: string): void;
  answer(inboxId: string, text: string): void;
  approve(inboxId: string): void;
  reject(inboxId: string, note: string): void;
  /** Leave a blocked requirement blocked and stop waiting for an answer to it. */
  skip(inboxId: string): void;
  /** Why a message or handoff to `agent` cannot be done now, so the UI refuses before the person types; undefined when it can. */
  conversationRefusal(agent: string, lane?: string, purpose?: "message" | "handoff"): string | undefined;
  /** The unified diff of what changed since `requirement` started ("" when nothing did); rejects with a reason when there is none to show. */
  diff(requirement: string): Promise<string>;
  /** Let a tool call that waits for permission run: this once, or for the rest of the agent's session. */
  allow(inboxId: string, scope: "once" | "session"): void;
  /** Refuse a tool call that waits for permission; the agent sees the note. */
  deny(inboxId: string, note: string): void;
  /** Write the HTML report of the project's state (`greenlight report`); resolves with the file's path. Absent where no report can be written. */
  writeReport?(): Promise<string>;
  /** Stop every agent, save state, and end the run; resolves when it is safe to exit. */
  quit(): Promise<void>;
}
