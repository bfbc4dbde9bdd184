import type { RunEventOf } from "../../domain/events.js";
import type { TaskStatus } from "../../domain/task.js";
import type { Role } from "../../domain/roles.js";
import type { TraceRow } from "../../domain/traceability.js";
import type { TodoItem } from "../../domain/todo.js";
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
  /** Model turns over all of this agent's sessions, like its tokens. */
  turns: number;
  /** When the current turn began, for the elapsed time in the title while it thinks. */
  turnStartedAtMs?: number;
  /** The requirement this agent last worked on: what `d` diffs. */
  requirement?: string;
  tokens: number;
  costUsd: number;
  lines: LineBuffer<PaneLine>;
  /** The text line still being streamed into, if any. */
  openText: PaneLine | null;
  /** `lines.pushed` when the current attempt at a model turn began: a retry drops what came after. */
  attemptStart: number;
  runningTools: Map<string, { line: PaneLine; tool: string; title: string }>;
  lastMessage: string;
  /** The agent's todo list as its last TodoWrite left it. */
  todos?: TodoItem[];
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

export interface InboxEntry {
  id: string;
  /** "question", "approval", "escalation", or a kind added later: the inbox view says what each is. */
  kind: string;
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
  /** The stored traceability rows, as matrix_row events last reported them. */
  matrix: Map<string, TraceRow>;
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
