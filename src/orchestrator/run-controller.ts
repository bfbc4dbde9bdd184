import type { WorkspaceController } from "../domain/workspace-controller.js";
import type { EventBus } from "../events/event-bus.js";

/**
 * What the person at the TUI can do to a run: pause between stages, quit (every agent and test run is
 * aborted through the run's one signal, state is already on disk). Conversations started from the
 * keyboard (messages, handoffs, inbox answers) are not wired to the orchestrator yet: they say so.
 */
export class RunController implements WorkspaceController {
  private paused: { promise: Promise<void>; release: () => void } | undefined;
  private finished: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: EventBus,
    private readonly abort: AbortController,
  ) {}

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

  cancelAgent(agent: string): void {
    this.unsupported(`cancelling only ${agent}`);
  }

  sendMessage(agent: string): void {
    this.unsupported(`messages to ${agent} during a run`);
  }

  handoff(from: string, to: string): void {
    this.unsupported(`handoffs (${from} -> ${to}) during a run`);
  }

  answer(inboxId: string): void {
    this.unsupported(`answering ${inboxId}`);
  }

  approve(inboxId: string): void {
    this.unsupported(`approving ${inboxId}`);
  }

  reject(inboxId: string): void {
    this.unsupported(`rejecting ${inboxId}`);
  }

  async quit(): Promise<void> {
    this.paused?.release();
    this.abort.abort();
    await this.finished;
  }

  private unsupported(what: string): void {
    this.bus.publish({ type: "log", level: "warn", message: `${what} is not available in this build; quit (q) and run 'greenlight run' again to resume` });
  }
}
