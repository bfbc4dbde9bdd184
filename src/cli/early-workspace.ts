import type { RunEvent } from "../domain/events.js";
import type { WorkspaceController } from "../domain/workspace-controller.js";
import type { WorkspaceUi } from "../tui/start-workspace-ui.js";
import type { TeamMember } from "../run/team-info.js";

type Listener = (event: RunEvent) => void;

/**
 * The workspace opened before the engine loads, so a person sees a full frame at once instead of a
 * blank terminal while the orchestrator, the store and the process layer are imported. Events and the
 * keys are connected to the run once it exists.
 */
export interface EarlyWorkspace {
  readonly ui: WorkspaceUi;
  /** Feeds a run's events to the workspace. */
  follow(subscribe: (listener: Listener) => () => void): void;
  /** Hands the workspace's keys to the run. */
  control(controller: WorkspaceController): void;
}

/** Forwards keys to the run once it is connected; before that there is nothing to pause or message. */
class PendingController implements WorkspaceController {
  target: WorkspaceController | undefined;
  pause(): void {
    this.target?.pause();
  }
  resume(): void {
    this.target?.resume();
  }
  // The lane travels on: in a parallel run it says which lane's agent the person means.
  cancelAgent(agent: string, lane?: string): void {
    this.target?.cancelAgent(agent, lane);
  }
  sendMessage(agent: string, text: string, lane?: string): void {
    this.target?.sendMessage(agent, text, lane);
  }
  withdrawMessage(id: string): void {
    this.target?.withdrawMessage(id);
  }
  handoff(from: string, to: string, prompt: string, lane?: string): void {
    this.target?.handoff(from, to, prompt, lane);
  }
  answer(inboxId: string, text: string): void {
    this.target?.answer(inboxId, text);
  }
  approve(inboxId: string): void {
    this.target?.approve(inboxId);
  }
  reject(inboxId: string, note: string): void {
    this.target?.reject(inboxId, note);
  }
  skip(inboxId: string): void {
    this.target?.skip(inboxId);
  }
  conversationRefusal(agent: string, lane?: string, purpose?: "message" | "handoff"): string | undefined {
    return this.target ? this.target.conversationRefusal(agent, lane, purpose) : "the run is still starting";
  }
  writeReport(): Promise<string> {
    return this.target?.writeReport ? this.target.writeReport() : Promise.reject(new Error("the run is still starting"));
  }

  diff(requirement: string): Promise<string> {
    return this.target ? this.target.diff(requirement) : Promise.reject(new Error("the run is still starting"));
  }
  allow(inboxId: string, scope: "once" | "session"): void {
    this.target?.allow(inboxId, scope);
  }
  deny(inboxId: string, note: string): void {
    this.target?.deny(inboxId, note);
  }
  async quit(): Promise<void> {
    await this.target?.quit();
  }
}

export async function openEarlyWorkspace(projectName: string, agents: TeamMember[] = []): Promise<EarlyWorkspace> {
  const { startWorkspaceUi } = await import("../tui/start-workspace-ui.js");
  const listeners = new Set<Listener>();
  const controller = new PendingController();
  const ui = startWorkspaceUi({
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    controller,
    projectName,
    agents,
  });
  return {
    ui,
    follow: (subscribe) => {
      subscribe((event) => {
        for (const listener of listeners) listener(event);
      });
    },
    control: (target) => {
      controller.target = target;
    },
  };
}
