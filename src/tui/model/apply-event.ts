import { contextText } from "../../domain/context-text.js";
import { totalTokens } from "../../domain/conversation.js";
import type { AgentEvent, RunEvent, RunEventOf } from "../../domain/events.js";
import { todoProgress, type TodoItem } from "../../domain/todo.js";
import { integrationText } from "../../domain/integration-text.js";
import { replyCutText } from "../../domain/reply-cut-text.js";
import { formatDuration, formatToolLine } from "./format.js";
import { inboxKind } from "./inbox-kinds.js";
import { allPanes, ensureLane, ensureLanePane, ensurePane, findLane, findPane, type AgentInfo, type AgentPane, type LineKind, type WorkspaceState } from "./workspace-state.js";

/** Longest single line kept; a model streaming without newlines must not grow one line forever. */
const MAX_LINE_CHARS = 4_000;
const MAX_DETAIL_CHARS = 2_000;
const TODO_LINES = 6;
const TODO_MARKS: Record<TodoItem["status"], string> = { completed: "[x]", in_progress: "[>]", pending: "[ ]" };
type ToolFinished = Extract<AgentEvent, { type: "tool_finished" }>;

function pushLine(pane: AgentPane, kind: LineKind, text: string, detail?: string): void {
  pane.openText = null;
  for (const part of text.split("\n")) pane.lines.push(detail === undefined ? { kind, text: part } : { kind, text: part, detail });
  pane.version++;
}

function appendText(pane: AgentPane, text: string): void {
  const parts = text.split("\n");
  parts.forEach((part, index) => {
    if (index > 0) pane.openText = null;
    if (!pane.openText || pane.openText.text.length >= MAX_LINE_CHARS) {
      pane.openText = { kind: "text", text: "" };
      pane.lines.push(pane.openText);
    }
    pane.openText.text += part;
  });
  pane.version++;
}

/**
 * Where an agent's lines go: in a parallel run, the pane of that agent in the requirement's lane (two
 * lanes' "backend" sessions interleave); otherwise the agent's one pane.
 */
function paneOf(state: WorkspaceState, agent: string, requirement: string | undefined, at: string, info?: Partial<AgentInfo>): AgentPane {
  if (state.parallel > 1 && requirement) return ensureLanePane(state, ensureLane(state, requirement, Date.parse(at)), agent, info);
  return ensurePane(state, agent, info);
}

/** An agent's pane for a requirement's news (a gate, a block): its lane's when it has one. Never starts a lane. */
function reportPane(state: WorkspaceState, agent: string, requirement: string): AgentPane | undefined {
  const lane = state.parallel > 1 ? findLane(state, requirement) : undefined;
  return lane ? ensureLanePane(state, lane, agent) : findPane(state, agent);
}

function ownerPane(state: WorkspaceState, requirement: string): AgentPane | undefined {
  const owner = state.tasks.find((task) => task.id === requirement)?.owner;
  return owner ? reportPane(state, owner, requirement) : undefined;
}

/** Tokens and cost count for the pane they show in: a subagent's for its caller's; a summary greenlight asked for counts too. */
function addSpending(state: WorkspaceState, pane: AgentPane, event: Pick<Extract<AgentEvent, { type: "turn_finished" }>, "usage" | "costUsd" | "costUnknown">): void {
  const tokens = totalTokens(event.usage);
  pane.tokens += tokens;
  pane.costUsd += event.costUsd;
  state.tokens += tokens;
  state.costUsd += event.costUsd;
  if (event.costUnknown) {
    pane.costUnknown = true;
    state.costUnknown = true;
  }
  pane.version++;
  state.version++;
}

/** A few lines of the list, the task in progress first in view: the pane shows where the agent is. */
function todoLines(todos: readonly TodoItem[]): string[] {
  const start = Math.max(0, Math.min(todos.findIndex((todo) => todo.status !== "completed"), todos.length - TODO_LINES));
  const shown = todos.slice(start, start + TODO_LINES).map((todo) => `  ${TODO_MARKS[todo.status]} ${todo.status === "in_progress" ? todo.activeForm : todo.content}`);
  const hidden = todos.length - shown.length;
  return [`todo ${todoProgress(todos)}`, ...shown, ...(hidden > 0 ? [`  (${hidden} more)`] : [])];
}

/** A subagent's lines go into its caller's pane, each prefixed with the subagent's name. */
function onSubagentEvent(state: WorkspaceState, pane: AgentPane, event: RunEventOf<"subagent_event">): void {
  const prefix = `[${event.subagent}] `;
  const inner = event.event;
  switch (inner.type) {
    case "session_started":
      pushLine(pane, "prompt", `${prefix}> ${inner.prompt.split("\n")[0]!.slice(0, 200)}`);
      break;
    case "assistant_message":
      pushLine(pane, "text", inner.text.split("\n").map((line) => prefix + line).join("\n"));
      break;
    case "tool_started":
      pushLine(pane, "tool", `${prefix}${inner.tool} ${inner.title} ...`);
      pane.runningTools.set(inner.toolUseId, { line: pane.lines.at(pane.lines.length - 1)!, tool: inner.tool, title: inner.title });
      break;
    case "tool_output":
      appendToolOutput(pane, inner.toolUseId, inner.chunk);
      break;
    case "tool_finished":
      onToolFinished(pane, inner, prefix);
      break;
    case "turn_finished":
      addSpending(state, pane, inner);
      break;
    case "context_managed":
      onContextManaged(state, pane, inner, prefix);
      break;
    case "todo_list":
      pushLine(pane, "info", `${prefix}todo ${todoProgress(inner.todos)}`);
      break;
    case "retry":
      pushLine(pane, "info", `${prefix}retry ${inner.attempt}: ${inner.reason}`);
      break;
    case "thinking":
      pushLine(pane, "info", `${prefix}thinking: ${inner.text.trim().split("\n")[0]!.slice(0, 200)}`);
      break;
    case "reply_cut":
      pushLine(pane, inner.next === "end" ? "error" : "info", prefix + replyCutText(inner));
      break;
    case "session_finished": {
      const { result } = inner;
      const failed = result.reason !== "completed";
      pushLine(pane, failed ? "error" : "info", `${prefix}finished: ${result.reason}, ${result.turns} turns${result.error ? `: ${result.error}` : ""}`);
      break;
    }
  }
}

function onContextManaged(state: WorkspaceState, pane: AgentPane, event: Extract<AgentEvent, { type: "context_managed" }>, prefix = ""): void {
  pushLine(pane, "info", prefix + contextText(event));
  if (event.usage) addSpending(state, pane, { usage: event.usage, costUsd: event.costUsd ?? 0, ...(event.costUnknown ? { costUnknown: true } : {}) });
}

function appendToolOutput(pane: AgentPane, toolUseId: string, chunk: string): void {
  const running = pane.runningTools.get(toolUseId);
  if (running) running.line.detail = ((running.line.detail ?? "") + chunk).slice(-MAX_DETAIL_CHARS);
  pane.version++;
}

/** `prefix` marks a subagent's call, shown in its caller's pane. */
function onToolFinished(pane: AgentPane, event: ToolFinished, prefix = ""): void {
  const running = pane.runningTools.get(event.toolUseId);
  pane.runningTools.delete(event.toolUseId);
  const title = running?.title ?? "";
  const text = prefix + formatToolLine(event.tool, title, event.summary, event.durationMs);
  const kind: LineKind = event.isError ? "tool-error" : "tool";
  if (running) {
    running.line.text = text;
    running.line.kind = kind;
    const detail = event.detail ?? running.line.detail;
    if (detail) running.line.detail = detail.slice(-MAX_DETAIL_CHARS);
  } else pushLine(pane, kind, text, event.detail);
  // A subagent's tool ending leaves its caller still running Task.
  if (!prefix) {
    pane.activity = "thinking";
    delete pane.tool;
  }
  pane.version++;
}

/** The queue's state travels on the event: the pane lists what is queued and notes each delivery and withdrawal. */
function onAgentMessage(pane: AgentPane, event: RunEventOf<"agent_message">): void {
  pane.queued = pane.queued.filter((message) => message.id !== event.id);
  if (event.state === "queued") pane.queued.push({ id: event.id, text: event.text });
  else if (event.state === "delivered") pushLine(pane, "prompt", `> ${event.text}`);
  else pushLine(pane, "info", `message withdrawn${event.note ? ` (${event.note})` : ""}: ${event.text}`);
  pane.version++;
}

function onAgentEvent(state: WorkspaceState, event: RunEvent & { agent: string }): void {
  const info = event.type === "session_started" ? (event.role ? { model: event.model, role: event.role } : { model: event.model }) : undefined;
  const pane = paneOf(state, event.agent, event.requirement, event.at, info);
  switch (event.type) {
    case "session_started":
      pushLine(pane, "prompt", `> ${event.prompt.split("\n")[0]!.slice(0, 200)}`);
      pane.activity = "thinking";
      break;
    case "turn_started":
      pane.openText = null;
      pane.attemptStart = pane.lines.pushed;
      pane.turns += 1;
      pane.turnStartedAtMs = Date.parse(event.at);
      pane.activity = "thinking";
      pane.version++;
      break;
    case "text_delta":
      appendText(pane, event.text);
      pane.activity = "thinking";
      break;
    case "assistant_message":
      pane.lastMessage = event.text;
      pane.openText = null;
      break;
    case "thinking":
      pushLine(pane, "info", `thinking: ${event.text.trim().split("\n")[0]!.slice(0, 200)}`);
      break;
    case "reply_cut":
      pushLine(pane, event.next === "end" ? "error" : "info", replyCutText(event));
      break;
    case "tool_started": {
      const line = { kind: "tool" as const, text: `${event.tool} ${event.title} ...` };
      pushLine(pane, "tool", line.text);
      const pushed = pane.lines.at(pane.lines.length - 1)!;
      pane.runningTools.set(event.toolUseId, { line: pushed, tool: event.tool, title: event.title });
      pane.activity = "running";
      pane.tool = event.tool;
      break;
    }
    case "tool_output": {
      const running = pane.runningTools.get(event.toolUseId);
      if (running) running.line.detail = ((running.line.detail ?? "") + event.chunk).slice(-MAX_DETAIL_CHARS);
      pane.version++;
      break;
    }
    case "tool_finished":
      onToolFinished(pane, event);
      break;
    case "turn_finished":
      addSpending(state, pane, event);
      // The session goes on after these; session_finished says when it has ended.
      if (!["tool_use", "pause_turn", "max_tokens", "model_context_window_exceeded"].includes(event.stopReason)) {
        pane.activity = "idle";
        delete pane.turnStartedAtMs;
      }
      break;
    case "context_managed":
      onContextManaged(state, pane, event);
      break;
    case "todo_list":
      pane.todos = event.todos;
      pushLine(pane, "info", todoLines(event.todos).join("\n"));
      break;
    case "subagent_event":
      onSubagentEvent(state, pane, event);
      break;
    case "retry": {
      // The retried attempt streams its reply from the start, so the failed attempt's partial text goes.
      const dropped = Math.min(pane.lines.length, pane.lines.pushed - pane.attemptStart);
      for (let count = 0; count < dropped; count++) pane.lines.pop();
      const note = dropped > 0 ? `; its partial reply (${dropped} ${dropped === 1 ? "line" : "lines"}) was dropped` : "";
      pushLine(pane, "info", `retry ${event.attempt}: ${event.reason} (waiting ${formatDuration(event.waitMs)})${note}`);
      pane.attemptStart = pane.lines.pushed;
      pane.activity = "waiting";
      break;
    }
    case "question":
      pushLine(pane, "info", `? ${event.question}`);
      pane.activity = "waiting";
      break;
    case "verdict": {
      const approved = event.verdict === "approve";
      pushLine(pane, approved ? "gate-pass" : "gate-fail", `${approved ? "APPROVED" : "CHANGES REQUESTED"}: ${event.summary}`);
      for (const finding of event.findings) pushLine(pane, "info", `  - ${finding}`);
      break;
    }
    case "agent_message":
      onAgentMessage(pane, event);
      break;
    case "session_finished": {
      const { result } = event;
      if (result.finalText) pane.lastMessage = result.finalText;
      delete pane.turnStartedAtMs;
      if (result.reason === "completed") pane.activity = "idle";
      else if (result.reason === "aborted") {
        pane.activity = "idle";
        pushLine(pane, "info", "turn cancelled");
      } else {
        pane.activity = "error";
        pushLine(pane, "error", `error (${result.reason}): ${result.error ?? "session ended"}`);
      }
      pane.version++;
      break;
    }
  }
}

/** A resumed run starts with panes that know nothing of the earlier work: say where each requirement stands. */
function announceResume(state: WorkspaceState, requirements: RunEventOf<"run_started">["requirements"]): void {
  const started = requirements.filter((req) => req.status !== "pending");
  if (started.length === 0) return;
  const text = `resumed: ${started.map((req) => `${req.id} ${req.status}`).join(", ")}; the earlier work is in the run log`;
  for (const pane of state.panes) pushLine(pane, "info", text);
}

/**
 * Folds one run event into the view state. No I/O and no terminal: the same events always give the
 * same state. It mutates in place because panes stream thousands of lines a second and copying a
 * 5,000-line scrollback per event would cost more than drawing it.
 */
export function applyEvent(state: WorkspaceState, event: RunEvent): void {
  if ("agent" in event && event.type !== "tamper_refused") {
    onAgentEvent(state, event as RunEvent & { agent: string });
    return;
  }
  state.version++;
  switch (event.type) {
    case "run_started":
      state.project = event.project || state.project;
      state.runState = "running";
      state.startedAtMs = Date.parse(event.at);
      for (const agent of event.agents) ensurePane(state, agent.name, agent);
      state.tasks = event.requirements.map((req) => ({ id: req.id, title: req.title, status: req.status, attempts: {} }));
      state.parallel = event.parallel ?? 1;
      state.lanes = [];
      state.mergeQueue = [];
      announceResume(state, event.requirements);
      break;
    case "task_status": {
      let task = state.tasks.find((row) => row.id === event.requirement);
      if (!task) {
        task = { id: event.requirement, title: "", status: event.status, attempts: {} };
        state.tasks.push(task);
      }
      task.status = event.status;
      task.attempts = event.attempts;
      task.reason = event.reason;
      if (event.owner) task.owner = event.owner;
      const pane = event.owner ? reportPane(state, event.owner, event.requirement) : undefined;
      if (pane) {
        pane.requirement = event.requirement;
        pane.version++;
      }
      if (event.status === "blocked" && pane) {
        pane.activity = "blocked";
        pushLine(pane, "error", `blocked on ${event.requirement}: ${event.reason}`);
      }
      break;
    }
    case "matrix_row": {
      state.matrix.set(event.row.id, event.row);
      const task = state.tasks.find((row) => row.id === event.row.id);
      if (task && event.row.status !== "removed") task.status = event.row.status;
      break;
    }
    case "gate_started":
      state.notice = { level: "info", text: `${event.gate} gate ${event.requirement}: ${event.command}` };
      break;
    case "gate_finished": {
      // A red gate passes when the new tests fail; say so, or "passed ... 1 failed" reads as a contradiction.
      const verdict = event.gate === "red" ? (event.passed ? "passed (the tests fail first)" : "FAILED (the tests must fail first)") : event.passed ? "passed" : "FAILED";
      const text = `${event.gate.toUpperCase()} gate ${event.requirement} ${verdict}: ${event.command} -> exit ${event.exitCode ?? "none"} (${formatDuration(event.durationMs)}) ${event.summary}`;
      const pane = ownerPane(state, event.requirement);
      if (pane) pushLine(pane, event.passed ? "gate-pass" : "gate-fail", text, event.outputTail || undefined);
      state.notice = { level: event.passed ? "info" : "warn", text };
      break;
    }
    case "tamper_refused": {
      const text = `refused at the ${event.caught}: ${event.agent}: ${event.reason} (${event.requirement})`;
      pushLine(paneOf(state, event.agent, event.requirement, event.at), "error", text);
      state.notice = { level: "error", text };
      break;
    }
    case "lane_started": {
      const lane = ensureLane(state, event.requirement, Date.parse(event.at));
      lane.branch = event.branch;
      lane.startedAtMs = Date.parse(event.at);
      delete lane.outcome;
      delete lane.finishedAtMs;
      const where = `on ${event.branch} in ${event.worktree}`;
      // Like a resumed run's panes: say where the lane stands, its earlier lines are not in this process.
      if (event.resumed) for (const pane of lane.panes) pushLine(pane, "info", `${event.requirement} resumed ${where}; the earlier work is on its branch and in the run log`);
      state.notice = { level: "info", text: `${event.requirement} ${event.resumed ? "resumed" : "started"} ${where}` };
      break;
    }
    case "lane_finished": {
      const lane = findLane(state, event.requirement);
      if (lane) {
        lane.outcome = event.outcome;
        lane.finishedAtMs = Date.parse(event.at);
      }
      const kept = event.outcome !== "integrated" && !event.worktreeRemoved ? "; its worktree is kept with its work" : "";
      state.notice = { level: event.outcome === "integrated" ? "info" : "warn", text: `${event.requirement} lane ${event.outcome}${kept}` };
      break;
    }
    case "merge_queue":
      state.mergeQueue = event.entries;
      break;
    case "integration_finished":
      state.notice = { level: event.outcome === "integrated" ? "info" : "warn", text: `${event.requirement} ${integrationText(event)}` };
      break;
    case "inbox_added":
      state.inbox.push({ ...event.item });
      state.notice = { level: "warn", text: `waiting for you: ${inboxKind(event.item).describe(event.item).trim()}: ${event.item.text.replace(/\s*\n\s*/g, " ")} (i: inbox)` };
      break;
    case "inbox_resolved":
      state.inbox = state.inbox.filter((item) => item.id !== event.id);
      break;
    case "run_paused":
      state.runState = "paused";
      break;
    case "run_resumed":
      state.runState = "running";
      break;
    case "log":
      state.notice = { level: event.level, text: event.message };
      break;
    case "run_finished":
      state.runState = "finished";
      state.outcome = event.outcome;
      state.durationMs = event.durationMs;
      state.notice = { level: event.outcome === "approved" ? "info" : "warn", text: `run ${event.outcome}: ${event.approved}/${event.total} approved${event.blocked.length ? `, blocked: ${event.blocked.join(", ")}` : ""}` };
      for (const pane of allPanes(state)) if (pane.activity !== "error" && pane.activity !== "blocked") pane.activity = "idle";
      break;
  }
}
