import type { RunEventOf } from "../../domain/events.js";
import type { TaskStatus } from "../../domain/task.js";
import type { Role } from "../../domain/roles.js";
import { LineBuffer } from "./line-buffer.js";

export const SCROLLBACK_LINES = 5_000;

export type AgentActivity = "thinking" | "running" | "waiting" | "idle" | "blocked" | "error";
export type LineKind = "text" | "prompt" | "tool" | "tool-error" | "gate-pass" | "gate-fail" | "error" | "info";
export type AgentInfo = RunEventOf<"run_started">["agents"][number];

export interface PaneLine {
  kind: LineKind;
  text: string;
  /** Shown under the line when its pane is expanded (tool output tails, gate output). */
  detail?: string;
}

export interface AgentPane {
  name: string;
  role?: Role;
  model: string;
  handoffs: AgentInfo["handoffs"];
  activity: AgentActivity;
  /** The tool being run, while activity is "running". */
  tool?: string;
  turns: number;
  tokens: number;
  costUsd: number;
  lines: LineBuffer<PaneLine>;
  /** The text line still being streamed into, if any. */
  openText: PaneLine | null;
  /** `lines.pushed` when the current attempt at a model turn began: a retry drops what came after. */
  attemptStart: number;
  runningTools: Map<string, { line: PaneLine; tool: string; title: string }>;
  lastMessage: string;
  /** Bumped on every change so the renderer redraws only changed panes. */
  version: number;
}

export interface TaskRow {
  id: string;
  title: string;
  status: TaskStatus;
  owner?: string;
  attempts: Record<string, number>;
  reason?: string;
}

export interface GateCell {
  passed: boolean;
  exitCode: number | null;
  durationMs: number;
}

export interface MatrixRow {
  tests: Set<string>;
  code: Set<string>;
  red?: GateCell;
  green?: GateCell;
  review?: { verdict: "approve" | "request_changes"; by: string };
}

export interface InboxEntry {
  id: string;
  kind: "question" | "approval" | "escalation" | "blocked" | "permission";
  requirement?: string;
  agent?: string;
  text: string;
}

export type RunState = "waiting" | "running" | "paused" | "finished";

export interface WorkspaceState {
  project: string;
  runState: RunState;
  outcome?: string;
  startedAtMs?: number;
  durationMs?: number;
  panes: AgentPane[];
  tasks: TaskRow[];
  matrix: Map<string, MatrixRow>;
  inbox: InboxEntry[];
  tokens: number;
  costUsd: number;
  notice?: { level: "info" | "warn" | "error"; text: string };
  /** Bumped when anything outside the panes changes (status bar, tables, inbox). */
  version: number;
}

export function createWorkspaceState(project: string, agents: AgentInfo[] = []): WorkspaceState {
  const state: WorkspaceState = { project, runState: "waiting", panes: [], tasks: [], matrix: new Map(), inbox: [], tokens: 0, costUsd: 0, version: 0 };
  for (const agent of agents) ensurePane(state, agent.name, agent);
  return state;
}

export function findPane(state: WorkspaceState, name: string): AgentPane | undefined {
  return state.panes.find((pane) => pane.name === name);
}

export function ensurePane(state: WorkspaceState, name: string, info?: Partial<AgentInfo>): AgentPane {
  let pane = findPane(state, name);
  if (!pane) {
    pane = {
      name,
      model: info?.model ?? "",
      handoffs: info?.handoffs ?? [],
      activity: "idle",
      turns: 0,
      tokens: 0,
      costUsd: 0,
      lines: new LineBuffer<PaneLine>(SCROLLBACK_LINES),
      openText: null,
      attemptStart: 0,
      runningTools: new Map(),
      lastMessage: "",
      version: 0,
    };
    if (info?.role) pane.role = info.role;
    state.panes.push(pane);
    state.version++;
  } else if (info) {
    if (info.model) pane.model = info.model;
    if (info.role) pane.role = info.role;
    if (info.handoffs) pane.handoffs = info.handoffs;
    pane.version++;
  }
  return pane;
}
