import { z } from "zod";
import { usageSchema } from "./conversation.js";
import { sessionResultSchema } from "./session-result.js";
import { taskStatusSchema } from "./task.js";
import { roleSchema } from "./roles.js";
import { evidenceSchema, integrationStateSchema, traceRowSchema } from "./traceability.js";
import { tamperAttemptSchema } from "./tamper.js";
import { todoListSchema } from "./todo.js";

/**
 * One typed event stream for everything that happens in a run. The runtime emits AgentEvents; the
 * orchestrator (or the single-agent command) stamps them with the envelope and publishes RunEvents.
 * The TUI and the headless reporters are subscribers; the JSONL run log stores every event.
 */

export const contextActionSchema = z.enum(["cleared_tool_results", "compacted"]);

const agentEventVariants = [
  z.object({ type: z.literal("session_started"), agent: z.string(), model: z.string(), role: roleSchema.optional(), prompt: z.string() }),
  z.object({ type: z.literal("turn_started"), agent: z.string(), turn: z.number().int().positive() }),
  z.object({ type: z.literal("text_delta"), agent: z.string(), text: z.string() }),
  z.object({ type: z.literal("assistant_message"), agent: z.string(), text: z.string() }),
  /** A summary of the model's thinking before it acts (when the model shows one), so a pane is not silent between tools. */
  z.object({ type: z.literal("thinking"), agent: z.string(), text: z.string() }),
  /**
   * A reply was cut at the output limit (`maxTokens`); its calls never ran. Next: asked again with
   * `newMaxTokens`, or the model is asked to continue in smaller pieces (`nudge` of 3), or the session ends.
   */
  z.object({
    type: z.literal("reply_cut"),
    agent: z.string(),
    turn: z.number().int().positive(),
    maxTokens: z.number().int().positive(),
    next: z.enum(["ask_again", "nudge", "end"]),
    newMaxTokens: z.number().int().positive().optional(),
    nudge: z.number().int().positive().optional(),
    callsNotRun: z.array(z.string()),
  }),
  z.object({
    type: z.literal("tool_started"),
    agent: z.string(),
    toolUseId: z.string(),
    tool: z.string(),
    input: z.record(z.string(), z.unknown()),
    /** One line for people: "npm test", "src/calc.js". */
    title: z.string(),
  }),
  z.object({ type: z.literal("tool_output"), agent: z.string(), toolUseId: z.string(), chunk: z.string() }),
  z.object({
    type: z.literal("tool_finished"),
    agent: z.string(),
    toolUseId: z.string(),
    tool: z.string(),
    isError: z.boolean(),
    /** One line for people: "exit 1", "+12 lines", "refused: outside the project". */
    summary: z.string(),
    durationMs: z.number().nonnegative(),
    /** Longer text shown when the line is expanded (kept short: tails, not whole outputs). */
    detail: z.string().optional(),
  }),
  z.object({
    type: z.literal("turn_finished"),
    agent: z.string(),
    turn: z.number().int().positive(),
    stopReason: z.string(),
    usage: usageSchema,
    costUsd: z.number().nonnegative(),
    /** The model's price is not known: costUsd (0) is not the turn's cost, and no one may show it as $0. */
    costUnknown: z.boolean().optional(),
  }),
  z.object({ type: z.literal("retry"), agent: z.string(), attempt: z.number().int().positive(), reason: z.string(), waitMs: z.number().nonnegative() }),
  z.object({ type: z.literal("question"), agent: z.string(), question: z.string() }),
  z.object({
    type: z.literal("verdict"),
    agent: z.string(),
    verdict: z.enum(["approve", "request_changes"]),
    summary: z.string(),
    findings: z.array(z.string()),
  }),
  z.object({ type: z.literal("session_finished"), agent: z.string(), result: sessionResultSchema }),
  z.object({
    type: z.literal("permission_decided"),
    agent: z.string(),
    toolUseId: z.string(),
    tool: z.string(),
    /** The command line or file the call was about. */
    subject: z.string(),
    decision: z.enum(["allow", "deny"]),
    /** A rule decided, the person did (asked now, or earlier for the session), or no one could be asked. */
    by: z.enum(["rule", "person", "session", "no_person"]),
    /** The deciding rule as written, with where it was written. */
    rule: z.string().optional(),
    /** The person's note on a denial. */
    note: z.string().optional(),
    /** For a call refused because no one could be asked: the rule that allows it (`--allow` or greenlight.json). */
    allowWith: z.string().optional(),
  }),
  /**
   * The conversation was made to fit the model's window: old tool results cleared, or the conversation
   * compacted into a summary (by the API's context management, or by greenlight itself). A summary
   * greenlight asked the model for is a request of its own: its usage and cost count like a turn's.
   */
  z.object({
    type: z.literal("context_managed"),
    agent: z.string(),
    action: contextActionSchema,
    by: z.enum(["api", "greenlight"]),
    /** What set it off: the conversation near the window, or the API saying it was over. */
    why: z.enum(["near_window", "prompt_too_long", "window_exceeded"]),
    windowTokens: z.number().int().positive(),
    tokensBefore: z.number().int().nonnegative(),
    tokensAfter: z.number().int().nonnegative(),
    clearedToolResults: z.number().int().nonnegative().optional(),
    usage: usageSchema.optional(),
    costUsd: z.number().nonnegative().optional(),
    costUnknown: z.boolean().optional(),
  }),
  /** The agent's whole todo list after a TodoWrite, so the run log always holds the current list. */
  z.object({ type: z.literal("todo_list"), agent: z.string(), todos: todoListSchema }),
] as const;

export const agentEventSchema = z.discriminatedUnion("type", [...agentEventVariants]);
export type AgentEvent = z.infer<typeof agentEventSchema>;

/**
 * One event of a subagent's session, wrapped so it belongs to its caller (`agent`) and the Task call
 * that started it. A subagent of a subagent is flattened into its top caller with a path in `subagent`
 * ("explorer > checker"), so the wrapped event is never itself a wrapper.
 */
export const subagentEventSchema = z.object({
  type: z.literal("subagent_event"),
  agent: z.string(),
  subagent: z.string(),
  toolUseId: z.string(),
  event: agentEventSchema,
});
export type SubagentEvent = z.infer<typeof subagentEventSchema>;

/** The integration gate runs the whole suite on a requirement merged with the integration head (parallel runs). */
const gateSchema = z.enum(["red", "green", "integration"]);
export type GateName = z.infer<typeof gateSchema>;

const orchestratorEventVariants = [
  z.object({
    type: z.literal("run_started"),
    project: z.string(),
    requirements: z.array(z.object({ id: z.string(), title: z.string(), status: taskStatusSchema })),
    agents: z.array(
      z.object({
        name: z.string(),
        role: roleSchema.optional(),
        model: z.string(),
        handoffs: z.array(z.object({ label: z.string(), agent: z.string(), send: z.boolean(), prompt: z.string().optional() })),
      }),
    ),
    testCommand: z.string(),
    /** Requirements worked on at once, each in its own worktree (1: one at a time in the project, no worktrees). */
    parallel: z.number().int().positive().optional(),
  }),
  /** A requirement's lane starts (or resumes) in its own worktree and branch (parallel runs). */
  z.object({ type: z.literal("lane_started"), requirement: z.string(), branch: z.string(), worktree: z.string(), resumed: z.boolean() }),
  /** A lane ends: integrated (its worktree removed through git), blocked (kept, with its work), or interrupted. */
  z.object({
    type: z.literal("lane_finished"),
    requirement: z.string(),
    outcome: z.enum(["integrated", "blocked", "interrupted"]),
    worktreeRemoved: z.boolean(),
  }),
  /** The merge queue after every change: its order (first is integrated next) and each entry's state. */
  z.object({ type: z.literal("merge_queue"), entries: z.array(z.object({ requirement: z.string(), state: integrationStateSchema })) }),
  /**
   * One integration attempt's end: integrated (the person's branch moved to `commit`), a conflict with the
   * integration head (`files`), or the integration gate failed (`tests`, or refused with the reason).
   */
  z.object({
    type: z.literal("integration_finished"),
    requirement: z.string(),
    outcome: z.enum(["integrated", "conflict", "failed"]),
    commit: z.string().optional(),
    into: z.string().optional(),
    files: z.array(z.string()),
    tests: z.array(z.string()),
    summary: z.string(),
  }),
  z.object({
    type: z.literal("task_status"),
    requirement: z.string(),
    status: taskStatusSchema,
    owner: z.string().optional(),
    reason: z.string(),
    attempts: z.record(z.string(), z.number().int().nonnegative()),
  }),
  z.object({ type: z.literal("gate_started"), requirement: z.string(), gate: gateSchema, command: z.string() }),
  z.object({
    type: z.literal("gate_finished"),
    requirement: z.string(),
    gate: gateSchema,
    command: z.string(),
    passed: z.boolean(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nonnegative(),
    summary: z.string(),
    /** Where per-test results came from (optional: logs written before it still load). */
    evidence: evidenceSchema.optional(),
    /** The tail of the output, for the UI; the whole output is not kept in events. */
    outputTail: z.string(),
  }),
  /** An attempt to game the gates, refused (see tamperAttemptSchema); `attempts` is the requirement's count so far. */
  tamperAttemptSchema.extend({ type: z.literal("tamper_refused"), requirement: z.string(), attempts: z.number().int().positive() }),
  z.object({
    type: z.literal("inbox_added"),
    item: z.object({
      id: z.string(),
      kind: z.enum(["question", "approval", "escalation", "permission"]),
      requirement: z.string().optional(),
      agent: z.string().optional(),
      text: z.string(),
      /** For a permission: the call waiting for the person (allow once, allow for the session, or deny with a note). */
      permission: z.object({ tool: z.string(), subject: z.string(), reason: z.string(), rules: z.array(z.string()) }).optional(),
    }),
  }),
  z.object({ type: z.literal("inbox_resolved"), id: z.string(), resolution: z.string() }),
  /**
   * A person's message to an agent that was working, after every change: queued until the agent's next turn
   * boundary, withdrawn by the person (or, with a note, dropped because it could not be delivered), or
   * delivered (in the user message after the tool results, or as the prompt of the agent's next session).
   */
  z.object({
    type: z.literal("agent_message"),
    id: z.string(),
    agent: z.string(),
    text: z.string(),
    state: z.enum(["queued", "withdrawn", "delivered"]),
    /** Why a message was withdrawn without the person asking (the run ended first). */
    note: z.string().optional(),
  }),
  z.object({ type: z.literal("run_paused") }),
  z.object({ type: z.literal("run_resumed") }),
  z.object({ type: z.literal("log"), level: z.enum(["info", "warn", "error"]), message: z.string() }),
  z.object({
    type: z.literal("run_finished"),
    outcome: z.enum(["approved", "incomplete", "interrupted"]),
    approved: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    blocked: z.array(z.string()),
    durationMs: z.number().nonnegative(),
  }),
  /** A traceability row as stored, published after every change to it: the UI shows these facts, never guesses them. */
  z.object({ type: z.literal("matrix_row"), row: traceRowSchema }),
] as const;

export const envelopeSchema = z.object({
  /** JSONL schema version of the run log, bumped only on incompatible changes. */
  v: z.literal(1),
  seq: z.number().int().nonnegative(),
  at: z.string(),
  runId: z.string(),
  requirement: z.string().optional(),
});

export const runEventSchema = z.discriminatedUnion("type", [...agentEventVariants, ...orchestratorEventVariants, subagentEventSchema]).and(envelopeSchema);
export type RunEventBody = z.infer<typeof agentEventSchema> | z.infer<(typeof orchestratorEventVariants)[number]> | SubagentEvent;
export type RunEvent = RunEventBody & z.infer<typeof envelopeSchema>;
export type RunEventType = RunEvent["type"];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
