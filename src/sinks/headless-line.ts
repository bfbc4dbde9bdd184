import type { RunEvent, RunEventBody, RunEventOf } from "../domain/events.js";
import { evidenceLabel } from "../domain/evidence-label.js";
import { costText } from "../domain/cost-text.js";
import { contextText } from "../domain/context-text.js";
import { todoProgress } from "../domain/todo.js";
import { integrationText } from "../domain/integration-text.js";
import { replyCutText } from "../domain/reply-cut-text.js";

/**
 * One readable line per event for headless runs and CI logs: `12:03:44 qa       Write test/add.test.js`.
 * Streaming noise (text deltas, tool output chunks, turn boundaries) gives no line; the whole message and
 * the tool's result do.
 */

const LABEL_WIDTH = 8;

function clock(at: string): string {
  const time = new Date(at);
  return [time.getHours(), time.getMinutes(), time.getSeconds()].map((part) => String(part).padStart(2, "0")).join(":");
}

function firstLine(text: string, max = 160): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describe(event: RunEventBody): [label: string, text: string] | undefined {
  switch (event.type) {
    case "session_started":
      return [event.agent, `started (${event.model})`];
    case "assistant_message":
      return event.text.trim() ? [event.agent, firstLine(event.text)] : undefined;
    case "thinking":
      return [event.agent, `thinking: ${firstLine(event.text)}`];
    case "reply_cut":
      return [event.agent, replyCutText(event)];
    case "tool_started":
      return [event.agent, `${event.tool} ${firstLine(event.title, 120)}`];
    case "tool_finished":
      return [event.agent, `${event.tool} -> ${event.isError ? "error: " : ""}${firstLine(event.summary)} (${seconds(event.durationMs)})`];
    case "context_managed":
      return [event.agent, contextText(event)];
    case "retry":
      return [event.agent, `retry ${event.attempt} in ${seconds(event.waitMs)}: ${firstLine(event.reason)}`];
    case "question":
      return [event.agent, `asks: ${firstLine(event.question)}`];
    case "verdict":
      return [event.agent, `verdict ${event.verdict}: ${firstLine(event.summary)}`];
    case "permission_decided":
      return [event.agent, `${event.decision === "allow" ? "allowed" : "denied"} ${event.tool} ${firstLine(event.subject, 100)} (${event.by.replace("_", " ")}${event.rule ? `: ${event.rule}` : ""}${event.note ? `: ${firstLine(event.note)}` : ""})${event.allowWith ? `; allow it with --allow '${event.allowWith}'` : ""}`];
    case "session_finished":
      return [event.agent, `finished: ${event.result.reason}, ${event.result.turns} turns${event.result.error ? `: ${firstLine(event.result.error)}` : ""} (${costText(event.result.costUsd, event.result.costUnknown, 4)})`];
    case "run_started":
      return ["run", `${event.requirements.length} requirements in ${event.project}, tests: ${event.testCommand}`];
    case "task_status":
      return ["task", `${event.requirement} ${event.status}${event.owner ? ` (${event.owner})` : ""}: ${firstLine(event.reason)}`];
    case "gate_started":
      return ["gate", `${event.requirement} ${event.gate} gate: ${event.command}`];
    case "gate_finished":
      return ["gate", `${event.requirement} ${event.gate} gate ${event.passed ? "PASSED" : "FAILED"} (exit ${event.exitCode ?? "signal"}, ${seconds(event.durationMs)}${event.evidence ? `, ${evidenceLabel(event.evidence)}` : ""}): ${firstLine(event.summary)}`];
    case "tamper_refused":
      return [event.agent, `refused at the ${event.caught}: ${firstLine(event.reason, 300)} (${event.requirement} tamper attempts: ${event.attempts})`];
    case "inbox_added":
      return ["inbox", `${event.item.kind}${event.item.requirement ? ` ${event.item.requirement}` : ""}: ${firstLine(event.item.text)}`];
    case "inbox_resolved":
      return ["inbox", `${event.id} resolved: ${firstLine(event.resolution)}`];
    case "agent_message":
      return [event.agent, `message ${event.state}${event.note ? ` (${event.note})` : ""}: ${firstLine(event.text)}`];
    case "run_paused":
      return ["run", "paused"];
    case "run_resumed":
      return ["run", "resumed"];
    case "log":
      return [event.level, firstLine(event.message, 400)];
    case "run_finished":
      return ["run", `${event.outcome}: ${event.approved}/${event.total} approved in ${seconds(event.durationMs)}${event.blocked.length ? `, blocked: ${event.blocked.join(", ")}` : ""}`];
    case "todo_list": {
      const current = event.todos.find((todo) => todo.status === "in_progress");
      return [event.agent, `todo ${todoProgress(event.todos)}${current ? `: ${firstLine(current.activeForm)}` : ""}`];
    }
    case "subagent_event": {
      const inner = describe(event.event);
      return inner && [event.agent, `[${event.subagent}] ${inner[1]}`];
    }
    case "lane_started":
      return ["lane", `${event.resumed ? "resumed" : "started"} on ${event.branch} in ${event.worktree}`];
    case "lane_finished":
      return ["lane", `${event.outcome}${event.worktreeRemoved ? ", worktree removed" : event.outcome === "integrated" ? "" : ", worktree kept with its work"}`];
    case "merge_queue":
      return ["queue", queueText(event.entries)];
    case "integration_finished":
      return ["merge", integrationText(event)];
    case "matrix_row":
    case "turn_started":
    case "turn_finished":
    case "text_delta":
    case "tool_output":
      return undefined;
  }
}

/** The queue's order and the entries past working, next first: `1 REQ-003 gate, 2 REQ-001 queued`. */
function queueText(entries: RunEventOf<"merge_queue">["entries"]): string {
  const waiting = entries.filter((entry) => entry.state !== "working");
  return waiting.length === 0 ? "empty" : waiting.map((entry, index) => `${index + 1} ${entry.requirement} ${entry.state}`).join(", ");
}

/** The requirement an event belongs to: its envelope's, else the one its body names. */
function requirementOf(event: RunEvent): string | undefined {
  if (event.requirement) return event.requirement;
  return "requirement" in event && typeof event.requirement === "string" ? event.requirement : undefined;
}

export interface HeadlessLineOptions {
  /** A parallel run: lines of different requirements interleave, so each starts with `[REQ-003] `. */
  lanes?: boolean;
}

/** The line for an event, without a newline, or undefined when the event shows no line. */
export function formatHeadlessLine(event: RunEvent, options: HeadlessLineOptions = {}): string | undefined {
  const described = describe(event);
  if (!described) return undefined;
  const [label, text] = described;
  const requirement = options.lanes ? requirementOf(event) : undefined;
  // The prefix names the requirement: a line that starts with it too would say it twice.
  const body = requirement && text.startsWith(`${requirement} `) ? text.slice(requirement.length + 1) : text;
  return `${requirement ? `[${requirement}] ` : ""}${clock(event.at)} ${label.padEnd(LABEL_WIDTH)} ${body}`;
}

/**
 * The lines of one run in order: it learns from run_started whether the run has lanes, and prints the
 * merge queue only when what it shows changes (a lane going on working is not news).
 */
export class HeadlessLines {
  private lanes = false;
  private lastQueue: string | undefined;

  next(event: RunEvent): string | undefined {
    if (event.type === "run_started") this.lanes = (event.parallel ?? 1) > 1;
    if (event.type === "merge_queue") {
      const text = queueText(event.entries);
      if (text === this.lastQueue) return undefined;
      this.lastQueue = text;
    }
    return formatHeadlessLine(event, { lanes: this.lanes });
  }
}
