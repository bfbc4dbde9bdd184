import type { z } from "zod";
import type { Capability } from "../domain/agent-definition.js";
import type { Usage } from "../domain/conversation.js";
import type { TodoItem } from "../domain/todo.js";

/**
 * A write guard can refuse a write to a project-relative path for an agent; it returns the refusal
 * message the model sees (the orchestrator's test lock is one), or undefined to allow it. `content` is the
 * file's new text, given right before the write so a guard can judge part of a file (one package.json script).
 */
export type WriteGuard = (relativePath: string, agent: string, content?: string) => string | undefined;

export interface ToolContext {
  agent: string;
  signal: AbortSignal;
  /** The model's id for this call; a subagent's events are tied to the Task call that started it. */
  toolUseId?: string;
  /** Streamed output of long-running tools (Bash). */
  onOutput?: (chunk: string) => void;
}

/**
 * What a call means to the run beyond its text for the model: a reviewer's verdict, a question for the
 * person, the agent's whole todo list, what a subagent spent (it counts as the caller's). The runtime
 * reports effects as events and in the session's outcome; nothing matches tool names.
 */
export type ToolEffect =
  | { kind: "verdict"; verdict: "approve" | "request_changes"; summary: string; findings: string[] }
  | { kind: "question"; question: string }
  | { kind: "todo_list"; todos: TodoItem[] }
  | { kind: "subagent_spent"; usage: Usage; costUsd: number; costUnknown?: boolean };

export interface ToolResult {
  /** What the model sees. */
  content: string;
  isError: boolean;
  /** One line for people: "exit 1", "+12 lines", "refused: outside the project". */
  summary: string;
  /** Longer text for an expanded view in the UI. */
  detail?: string;
  /** Project-relative paths this call created or changed. */
  filesChanged?: string[];
  effect?: ToolEffect;
}

export interface Tool<Input = unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: z.ZodType<Input>;
  /**
   * The capability that grants this tool, which permission rules are written against; greenlight's own
   * tools (ReviewVerdict, AskHuman) have none and are never ruled on.
   */
  readonly capability?: Capability;
  /** The JSON Schema the model sees, when it comes from elsewhere (an MCP server) rather than from inputSchema. */
  readonly jsonSchema?: Record<string, unknown>;
  /** One line naming what a call does, for people: the command, the file. */
  title(input: Input): string;
  execute(input: Input, context: ToolContext): Promise<ToolResult>;
}
