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
  /** What the UI keys a pane's scroll, search and expansion by: the agent's name, or `REQ/agent` in a lane. */
  key: string;
  /** The requirement whose lane this pane belongs to (parallel runs); absent for the run's own panes. */
  lane?: string;
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
  /** A turn's model had no known price: the cost shows as unknown, never as the priced part alone. */
  costUnknown?: boolean;
  lines: LineBuffer<PaneLine>;
  /** The text line still being streamed into, if any. */
  openText: PaneLine | null;
  /** `lines.pushed` when the current attempt at a model turn began: a retry drops what came after. */
  attemptStart: number;
  runningTools: Map<string, { line: PaneLine; tool: string; title: string }>;
  lastMessage: string;
  /** The person's messages waiting for this agent's next turn boundary, oldest first (agent_message events). */
  queued: { id: string; text: string }[];
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

/** One requirement worked on in its own worktree (parallel runs), with its agents' panes. */
export interface Lane {
  requirement: string;
  branch: string;
  startedAtMs: number;
  /** Set by lane_finished: integrated, blocked or interrupted. */
  outcome?: RunEventOf<"lane_finished">["outcome"];
  finishedAtMs?: number;
  /** One pane per agent, in the run's agent order, holding only this requirement's lines. */
  panes: AgentPane[];
}

export type MergeQueueEntry = RunEventOf<"merge_queue">["entries"][number];

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
  /** Requirements worked on at once (run_started.parallel); above 1 the workspace shows lanes. */
  parallel: number;
  /** Lanes in the order they started. */
  lanes: Lane[];
  /** The merge queue as last published, first is integrated next. */
  mergeQueue: MergeQueueEntry[];
  tokens: number;
  costUsd: number;
  costUnknown?: boolean;
  notice?: { level: "info" | "warn" | "error"; text: string };
  /** Bumped when anything outside the panes changes (status bar, tables, inbox). */
  version: number;
}

export function createWorkspaceState(project: string, agents: AgentInfo[] = []): WorkspaceState {
  const state: WorkspaceState = { project, runState: "waiting", panes: [], tasks: [], matrix: new Map(), inbox: [], parallel: 1, lanes: [], mergeQueue: [], tokens: 0, costUsd: 0, version: 0 };
  for (const agent of agents) ensurePane(state, agent.name, agent);
  return state;
}

export function findPane(state: WorkspaceState, name: string): AgentPane | undefined {
  return state.panes.find((pane) => pane.name === name);
}

function createPane(name: string, info: Partial<AgentInfo> | undefined, lane?: string): AgentPane {
  const pane: AgentPane = {
    name,
    key: lane ? `${lane}/${name}` : name,
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
    queued: [],
    version: 0,
  };
  if (lane) pane.lane = lane;
  if (info?.role) pane.role = info.role;
  return pane;
}

function updatePane(pane: AgentPane, info: Partial<AgentInfo>): void {
  if (info.model) pane.model = info.model;
  if (info.role) pane.role = info.role;
  if (info.handoffs) pane.handoffs = info.handoffs;
  pane.version++;
}

export function ensurePane(state: WorkspaceState, name: string, info?: Partial<AgentInfo>): AgentPane {
  let pane = findPane(state, name);
  if (!pane) {
    pane = createPane(name, info);
    state.panes.push(pane);
    state.version++;
  } else if (info) updatePane(pane, info);
  return pane;
}

export function findLane(state: WorkspaceState, requirement: string): Lane | undefined {
  return state.lanes.find((lane) => lane.requirement === requirement);
}

/** A requirement's lane, started now if its lane_started has not arrived (a log that begins mid-run). */
export function ensureLane(state: WorkspaceState, requirement: string, atMs: number): Lane {
  let lane = findLane(state, requirement);
  if (!lane) {
    lane = { requirement, branch: "", startedAtMs: atMs, panes: state.panes.map((pane) => createPane(pane.name, pane, requirement)) };
    // Lanes stay in spec order, whichever started first: a row does not jump when another lane starts.
    const order = (id: string) => {
      const index = state.tasks.findIndex((task) => task.id === id);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    const at = state.lanes.findIndex((other) => order(other.requirement) > order(requirement));
    state.lanes.splice(at < 0 ? state.lanes.length : at, 0, lane);
    state.version++;
  }
  return lane;
}

/** The pane of `name` in a requirement's lane; an agent the run did not list gets one in every lane's place. */
export function ensureLanePane(state: WorkspaceState, lane: Lane, name: string, info?: Partial<AgentInfo>): AgentPane {
  const known = ensurePane(state, name, info);
  let pane = lane.panes.find((candidate) => candidate.name === name);
  if (!pane) {
    pane = createPane(name, known, lane.requirement);
    lane.panes.push(pane);
    state.version++;
  } else if (info) updatePane(pane, info);
  return pane;
}

/** Every pane that holds lines: the run's own and every lane's. */
export function allPanes(state: WorkspaceState): AgentPane[] {
  return state.lanes.length === 0 ? state.panes : [...state.panes, ...state.lanes.flatMap((lane) => lane.panes)];
}
