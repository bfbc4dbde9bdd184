import { z } from "zod";
import type { ToolResultBlock, ToolUseBlock } from "../domain/conversation.js";
import type { AgentEvent } from "../domain/events.js";
import type { Tool, ToolEffect, ToolResult } from "../tools/tool.js";
import type { PermissionGate } from "./permission-gate.js";

const MAX_DETAIL_CHARS = 4000;

function invalidInput(tool: Tool, error: z.ZodError): ToolResult {
  return {
    content: `Invalid input for ${tool.name}:\n${z.prettifyError(error)}\nCall ${tool.name} again with input matching its schema.`,
    isError: true,
    summary: "invalid input",
  };
}

/**
 * A tool that throws has a bug: tools return the failures a model can act on as error results. The
 * session ends on it rather than telling the model that greenlight's mistake was its own.
 */
export class ToolBugError extends Error {
  constructor(
    readonly tool: string,
    override readonly cause: unknown,
  ) {
    super(`${tool} failed inside greenlight (a bug, not the agent's mistake): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "ToolBugError";
  }
}

/** The event an effect shows as; a subagent's spending shows in its own events and the session's result. */
function effectEvent(effect: ToolEffect, agent: string): AgentEvent | undefined {
  switch (effect.kind) {
    case "verdict":
      return { type: "verdict", agent, verdict: effect.verdict, summary: effect.summary, findings: effect.findings };
    case "question":
      return { type: "question", agent, question: effect.question };
    case "todo_list":
      return { type: "todo_list", agent, todos: effect.todos };
    case "subagent_spent":
      return undefined;
  }
}

/**
 * One tool call: validated against the tool's schema, run with the session's signal, its output streamed
 * as events while it runs. Invalid input and unknown tools become is_error results the model can act on;
 * a tool that throws ends the call with a ToolBugError after its tool_finished event.
 */
export async function* runToolCall(
  use: ToolUseBlock,
  tools: ReadonlyMap<string, Tool>,
  agent: string,
  signal: AbortSignal,
  permission?: { gate: PermissionGate; reason: string },
): AsyncGenerator<AgentEvent, { block: ToolResultBlock; result: ToolResult }> {
  const started = performance.now();
  const tool = tools.get(use.name);
  let result: ToolResult;
  if (!tool) {
    const known = [...tools.keys()].join(", ") || "none";
    result = { content: `Unknown tool '${use.name}'. The tools you have: ${known}.`, isError: true, summary: "unknown tool" };
    yield { type: "tool_started", agent, toolUseId: use.id, tool: use.name, input: use.input, title: use.name };
  } else {
    const parsed = tool.inputSchema.safeParse(use.input);
    const title = parsed.success ? tool.title(parsed.data) : use.name;
    yield { type: "tool_started", agent, toolUseId: use.id, tool: use.name, input: use.input, title };
    const verdict = parsed.success && permission ? await permission.gate.check({ tool, input: parsed.data, toolUseId: use.id, reason: permission.reason }, signal) : undefined;
    if (verdict?.event) yield verdict.event;
    if (!parsed.success) result = invalidInput(tool, parsed.error);
    else if (verdict && !verdict.allowed) result = { content: verdict.message ?? "Permission denied.", isError: true, summary: verdict.summary ?? "denied" };
    else {
      const chunks: string[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const running = tool
        .execute(parsed.data, {
          agent,
          signal,
          toolUseId: use.id,
          onOutput: (chunk) => {
            chunks.push(chunk);
            wake?.();
          },
        })
        .then(
          (value): ToolResult | ToolBugError => value,
          (error: unknown) => new ToolBugError(tool.name, error),
        )
        .finally(() => {
          done = true;
          wake?.();
        });
      while (!done || chunks.length > 0) {
        const chunk = chunks.shift();
        if (chunk !== undefined) yield { type: "tool_output", agent, toolUseId: use.id, chunk };
        else await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const settled = await running;
      if (settled instanceof ToolBugError) {
        yield { type: "tool_finished", agent, toolUseId: use.id, tool: use.name, isError: true, summary: "internal error", durationMs: performance.now() - started, detail: settled.message };
        throw settled;
      }
      result = settled;
      const shown = result.effect && effectEvent(result.effect, agent);
      if (shown) yield shown;
    }
  }
  const detail = result.detail ?? (result.isError ? result.content : undefined);
  yield {
    type: "tool_finished",
    agent,
    toolUseId: use.id,
    tool: use.name,
    isError: result.isError,
    summary: result.summary,
    durationMs: performance.now() - started,
    ...(detail === undefined ? {} : { detail: detail.length > MAX_DETAIL_CHARS ? detail.slice(-MAX_DETAIL_CHARS) : detail }),
  };
  const block: ToolResultBlock = { type: "tool_result", tool_use_id: use.id, content: result.content, ...(result.isError ? { is_error: true } : {}) };
  return { block, result };
}
