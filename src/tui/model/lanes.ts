import type { IntegrationState } from "../../domain/traceability.js";
import type { UiState } from "./ui-state.js";
import { findLane, type AgentPane, type Lane, type WorkspaceState } from "./workspace-state.js";

/** The attempts counter that belongs to each working status (task_status.attempts keys). */
const STAGE_ATTEMPTS: Partial<Record<string, string>> = {
  writing_tests: "tests",
  red: "tests",
  implementing: "implement",
  green: "implement",
  changes_requested: "implement",
  in_review: "review",
};

/** Merge queue states that say more than the task's own status while the requirement is in them. */
const QUEUE_STAGES: Partial<Record<IntegrationState, string>> = { queued: "queued", merging: "merging", gate: "integration gate" };

/** One lane as a row of the lanes table: everything a person reads to know where a requirement stands. */
export interface LaneRow {
  requirement: string;
  title: string;
  stage: string;
  agent: string;
  attempt: number | undefined;
  elapsedMs: number;
  costUsd: number;
  costUnknown: boolean;
  tokens: number;
  focused: boolean;
  outcome: Lane["outcome"];
}

/** Whether the workspace shows lanes: a parallel run once its first lane has started. */
export function showsLanes(ws: WorkspaceState): boolean {
  return ws.parallel > 1 && ws.lanes.length > 0;
}

/** The lane the panes show: the one the person chose, else the first still running, else the newest. */
export function focusedLane(ws: WorkspaceState, ui: UiState): Lane | undefined {
  if (!showsLanes(ws)) return undefined;
  const chosen = ui.laneFocus === undefined ? undefined : findLane(ws, ui.laneFocus);
  return chosen ?? ws.lanes.find((lane) => !lane.outcome) ?? ws.lanes.at(-1);
}

/** The agent panes on screen: the focused lane's in a parallel run, the run's own otherwise. */
export function shownPanes(ws: WorkspaceState, ui: UiState): AgentPane[] {
  return focusedLane(ws, ui)?.panes ?? ws.panes;
}

/** `[` and `]`: the previous or next lane, in the order they started, finished ones included (their history stays). */
export function moveLaneFocus(ws: WorkspaceState, ui: UiState, delta: number): void {
  const current = focusedLane(ws, ui);
  if (!current) return;
  const count = ws.lanes.length;
  const index = ws.lanes.indexOf(current);
  ui.laneFocus = ws.lanes[(index + delta + count) % count]!.requirement;
}

function laneRow(ws: WorkspaceState, lane: Lane, focused: boolean, nowMs: number): LaneRow {
  const task = ws.tasks.find((candidate) => candidate.id === lane.requirement);
  const queued = ws.mergeQueue.findIndex((entry) => entry.requirement === lane.requirement);
  const queueState = queued >= 0 ? ws.mergeQueue[queued]!.state : undefined;
  const queueStage = queueState ? QUEUE_STAGES[queueState] : undefined;
  const integrating = queueState === "merging" || queueState === "gate";
  const attemptKey = task ? STAGE_ATTEMPTS[task.status] : undefined;
  const attempt = integrating ? ws.matrix.get(lane.requirement)?.integration?.attempts : attemptKey ? task?.attempts[attemptKey] : undefined;
  const stage = lane.outcome ?? (queueStage ? (queueState === "queued" ? `${queueStage} ${queued + 1}` : queueStage) : (task?.status ?? "starting"));
  return {
    requirement: lane.requirement,
    title: task?.title || ws.matrix.get(lane.requirement)?.title || "",
    stage,
    agent: lane.outcome || integrating ? "-" : (task?.owner ?? "-"),
    attempt,
    elapsedMs: Math.max(0, (lane.finishedAtMs ?? nowMs) - lane.startedAtMs),
    costUsd: lane.panes.reduce((sum, pane) => sum + pane.costUsd, 0),
    costUnknown: lane.panes.some((pane) => pane.costUnknown === true),
    tokens: lane.panes.reduce((sum, pane) => sum + pane.tokens, 0),
    focused,
    outcome: lane.outcome,
  };
}

/**
 * The rows above the panes: every lane still running, and the focused one when it has finished, at most
 * `max` of them with the focused one always among them.
 */
export function laneRows(ws: WorkspaceState, ui: UiState, nowMs: number, max: number): LaneRow[] {
  const focused = focusedLane(ws, ui);
  const listed = ws.lanes.filter((lane) => !lane.outcome || lane === focused);
  const at = focused ? listed.indexOf(focused) : 0;
  const first = Math.max(0, Math.min(at - max + 1, listed.length - max));
  return listed.slice(first, first + Math.max(1, max)).map((lane) => laneRow(ws, lane, lane === focused, nowMs));
}
