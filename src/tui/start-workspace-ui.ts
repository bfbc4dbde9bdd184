import type { RunEvent } from "../domain/events.js";
import type { WorkspaceController } from "../domain/workspace-controller.js";
import { applyEvent } from "./model/apply-event.js";
import { handleKey, handlePaste, isBusy, type KeyPress } from "./model/handle-key.js";
import { focusedLane } from "./model/lanes.js";
import { createUiState, type UiAction, type UiState } from "./model/ui-state.js";
import { inboxKind } from "./model/inbox-kinds.js";
import { allPanes, createWorkspaceState, type AgentInfo, type WorkspaceState } from "./model/workspace-state.js";
import { ASCII_BORDER, createStyler, UNICODE_BORDER } from "./render/style.js";
import { loadWidthTables, widthTablesWanted } from "./render/text-fit.js";
import { RenderScheduler } from "./screen/render-scheduler.js";
import { colourWanted, createScreen, localeIsUtf8 } from "./screen/terminal-setup.js";
import { WorkspaceScreen } from "./screen/workspace-screen.js";
import { captureConsole } from "./screen/console-capture.js";
import { captureBracketedPaste } from "./screen/bracketed-paste.js";
import { notificationBytes, notifySettings } from "./screen/notify.js";

export interface WorkspaceUiOptions {
  subscribe: (listener: (event: RunEvent) => void) => () => void;
  controller: WorkspaceController;
  projectName: string;
  /** Agents known before run_started arrives (name, role, model, handoffs) — optional. */
  agents?: AgentInfo[];
}

export type WorkspaceUiEnd = "quit" | "hangup" | "terminated" | "crashed";

export interface WorkspaceUi {
  closed: Promise<WorkspaceUiEnd>;
  destroy(): void;
}

/** Opens the diff view at once, saying it loads, and fills it when the controller answers. */
function showDiff(controller: WorkspaceController, ui: UiState, requirement: string, redraw: () => void, fail: (message: string) => void): void {
  const diff = { title: `Diff of ${requirement}`, lines: [] as string[], top: 0, loading: true, back: ui.view === "diff" ? ("panes" as const) : ui.view };
  ui.diff = diff;
  ui.view = "diff";
  controller.diff(requirement).then(
    (text) => {
      diff.loading = false;
      diff.lines = text.trim() ? text.replace(/\n$/, "").split("\n") : [`No changes since ${requirement} started.`];
    },
    (error: unknown) => {
      if (ui.diff === diff) {
        ui.view = diff.back;
        delete ui.diff;
      }
      fail(`no diff: ${error instanceof Error ? error.message : String(error)}`);
    },
  ).finally(() => {
    ui.version++;
    redraw();
  });
}

/** Writes the report through the controller and says where it went (or why not) on the notice line. */
function writeReport(controller: WorkspaceController, ws: WorkspaceState, ui: UiState, redraw: () => void): void {
  if (!controller.writeReport) {
    ws.notice = { level: "warn", text: "this workspace cannot write a report: run greenlight report" };
    return;
  }
  ws.notice = { level: "info", text: "writing the report..." };
  controller.writeReport().then(
    (path) => {
      ws.notice = { level: "info", text: `report written: ${path}` };
      ui.reportPath = path;
    },
    (error: unknown) => {
      ws.notice = { level: "error", text: `could not write the report: ${error instanceof Error ? error.message : String(error)}` };
    },
  ).finally(() => {
    ws.version++;
    ui.version++;
    redraw();
  });
}

function perform(controller: WorkspaceController, action: Exclude<UiAction, { kind: "diff" } | { kind: "report" }>): void {
  switch (action.kind) {
    case "pause":
      return controller.pause();
    case "resume":
      return controller.resume();
    case "cancel":
      return controller.cancelAgent(action.agent, action.lane);
    case "message":
      return controller.sendMessage(action.agent, action.text, action.lane);
    case "withdraw":
      return controller.withdrawMessage(action.id);
    case "handoff":
      return controller.handoff(action.from, action.to, action.prompt, action.lane);
    case "answer":
      return controller.answer(action.id, action.text);
    case "approve":
      return controller.approve(action.id);
    case "reject":
      return controller.reject(action.id, action.note);
    case "skip":
      return controller.skip(action.id);
    case "allow":
      return controller.allow(action.id, action.scope);
    case "deny":
      return controller.deny(action.id, action.note);
    case "quit":
      return;
  }
}

/**
 * Opens the full-screen workspace on this process's terminal. The UI only reads events and calls the
 * controller; `closed` settles once the terminal is restored, and the caller decides when to exit.
 */
export function startWorkspaceUi(options: WorkspaceUiOptions): WorkspaceUi {
  const ws = createWorkspaceState(options.projectName, options.agents ?? []);
  const ui = createUiState();
  const utf8 = localeIsUtf8(process.env);
  const screen = createScreen(utf8);
  const view = new WorkspaceScreen(screen, utf8 ? UNICODE_BORDER : ASCII_BORDER, createStyler(colourWanted(process.env)));
  const notify = notifySettings(process.env);
  let finished = false;
  let resolveClosed: (end: WorkspaceUiEnd) => void = () => {};
  const closed = new Promise<WorkspaceUiEnd>((resolve) => (resolveClosed = resolve));

  const scheduler = new RenderScheduler(() => {
    try {
      view.draw(ws, ui, Date.now());
    } catch (error) {
      crash(error);
      return;
    }
    if (widthTablesWanted()) {
      void loadWidthTables().then(() => {
        view.invalidate();
        scheduler.request();
      }, crash);
    }
  });

  const restore = (): void => {
    if (finished) return;
    finished = true;
    scheduler.stop();
    releaseConsole();
    releasePaste();
    clearTimeout(clock);
    unsubscribe();
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    process.off("uncaughtException", crash);
    screen.destroy();
    process.stdout.write("\x1b[?25h");
  };

  const end = (how: WorkspaceUiEnd, stopAgents: boolean): void => {
    if (finished) return;
    const stopping = stopAgents ? options.controller.quit().catch(() => undefined) : Promise.resolve();
    void stopping.then(() => {
      restore();
      resolveClosed(how);
    });
  };

  function crash(error: unknown): void {
    restore();
    process.stderr.write(`greenlight: the workspace crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void options.controller.quit().catch(() => undefined).then(() => resolveClosed("crashed"));
  }

  const unsubscribe = options.subscribe((event) => {
    applyEvent(ws, event);
    // Something now waits for the person: ring, so they notice without watching the screen.
    if (event.type === "inbox_added") {
      const bytes = notificationBytes(notify, `${inboxKind(event.item).describe(event.item).trim()}: ${event.item.text}`);
      if (bytes) screen.program.write(bytes);
    }
    // The matrix is what the run produced: show it when the run ends, unless the person is busy elsewhere.
    if (event.type === "run_finished" && ui.view === "panes" && ui.modal === null) {
      ui.view = "matrix";
      ui.version++;
    }
    scheduler.request();
  });

  const releaseConsole = captureConsole((level, text) => {
    ws.notice = { level, text };
    ws.version++;
    scheduler.request();
  });

  screen.on("keypress", (ch: string | undefined, key: KeyPress | undefined) => {
    // blessed reports a carriage return twice, as "enter" and as "return"; one keystroke is one action.
    if (finished || key?.name === "enter") return;
    if (key?.ctrl && key.name === "c") return end("quit", true);
    const actions = handleKey(ws, ui, { name: key?.name, ch, shift: key?.shift, ctrl: key?.ctrl }, (agent, purpose) => options.controller.conversationRefusal(agent, focusedLane(ws, ui)?.requirement, purpose));
    for (const action of actions) {
      if (action.kind === "quit") return end("quit", true);
      if (action.kind === "diff") {
        showDiff(options.controller, ui, action.requirement, () => scheduler.request(), (text) => {
          ws.notice = { level: "warn", text };
          ws.version++;
        });
        continue;
      }
      if (action.kind === "report") {
        writeReport(options.controller, ws, ui, () => scheduler.request());
        continue;
      }
      try {
        perform(options.controller, action);
      } catch (error) {
        ws.notice = { level: "error", text: `could not ${action.kind}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    scheduler.request();
  });
  screen.on("resize", () => scheduler.request());
  const releasePaste = captureBracketedPaste(screen.program.input, (sequence) => screen.program.write(sequence), (text) => {
    if (finished) return;
    handlePaste(ws, ui, text);
    scheduler.request();
  });

  const signalHandlers: [NodeJS.Signals, () => void][] = [
    ["SIGHUP", () => end("hangup", true)],
    ["SIGTERM", () => end("terminated", true)],
    ["SIGINT", () => end("quit", true)],
  ];
  for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  process.on("uncaughtException", crash);

  // The elapsed time in the status bar (and in a busy pane's title) moves once a second while the run is
  // live, paused included; nothing else ticks.
  // Each tick lands just after the elapsed time crosses a whole second, so the shown seconds never lag.
  let clock: NodeJS.Timeout;
  const tick = (): void => {
    if (ws.runState === "running" || ws.runState === "paused" || allPanes(ws).some(isBusy)) scheduler.request();
    const sinceStart = ws.startedAtMs === undefined ? 0 : Date.now() - ws.startedAtMs;
    clock = setTimeout(tick, 1000 - (((sinceStart % 1000) + 1000) % 1000) + 5);
    clock.unref();
  };
  tick();

  scheduler.request();
  return {
    closed,
    destroy: () => {
      restore();
      resolveClosed("quit");
    },
  };
}
