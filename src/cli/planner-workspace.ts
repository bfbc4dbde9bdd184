import type { WorkspaceController } from "../domain/workspace-controller.js";
import type { EventBus } from "../events/event-bus.js";
import { Inbox } from "../person/inbox.js";
import { MAX_PLANNER_QUESTIONS } from "../plan/draft-prompt.js";
import type { AskHuman } from "../tools/index.js";

/** The workspace while the planner drafts: its questions wait in the inbox; nothing else can be asked of it. */
class PlannerController implements WorkspaceController {
  constructor(
    private readonly inbox: Inbox,
    private readonly stop: AbortController,
  ) {}
  pause(): void {}
  resume(): void {}
  cancelAgent(): void {
    this.stop.abort();
  }
  sendMessage(): void {}
  withdrawMessage(): void {}
  handoff(): void {}
  answer(inboxId: string, text: string): void {
    this.inbox.reply(inboxId, { kind: "answer", text });
  }
  approve(): void {}
  reject(): void {}
  skip(inboxId: string): void {
    this.inbox.reply(inboxId, { kind: "skip" });
  }
  conversationRefusal(): string {
    return "the planner is drafting: answer its questions in the inbox";
  }
  diff(): Promise<string> {
    return Promise.reject(new Error("nothing is built while the planner drafts"));
  }
  allow(): void {}
  deny(): void {}
  async quit(): Promise<void> {
    this.stop.abort();
  }
}

export interface PlannerWorkspace {
  askHuman: AskHuman;
  close(): void;
}

/**
 * Opens the workspace for a drafting session: the planner's pane and its questions in the inbox (at most
 * MAX_PLANNER_QUESTIONS; after them it is told to write the rest into the draft). Quitting stops the planner.
 */
export async function openPlannerWorkspace(bus: EventBus, projectName: string, model: string, stop: AbortController): Promise<PlannerWorkspace> {
  const { startWorkspaceUi } = await import("../tui/start-workspace-ui.js");
  const inbox = new Inbox(bus);
  const ui = startWorkspaceUi({
    subscribe: (listener) => bus.subscribe(listener),
    controller: new PlannerController(inbox, stop),
    projectName,
    agents: [{ name: "planner", model, handoffs: [] }],
  });
  void ui.closed.then(() => stop.abort());
  let asked = 0;
  return {
    askHuman: async (question, signal) => {
      if (asked >= MAX_PLANNER_QUESTIONS) return `No more questions (${MAX_PLANNER_QUESTIONS} asked): write the rest into the draft's "## Open questions".`;
      asked++;
      const reply = await inbox.ask({ kind: "question", agent: "planner", text: question }, signal);
      return reply?.kind === "answer" ? reply.text : "No answer: write this question into the draft's \"## Open questions\".";
    },
    close: () => ui.destroy(),
  };
}
