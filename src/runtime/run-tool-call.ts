import { z } from "zod";
import type { ToolResultBlock, ToolUseBlock } from "../domain/conversation.js";
import type { AgentEvent } from "../domain/events.js";
import type { Tool, ToolResult } from "../tools/tool.js";

const MAX_DETAIL_CHARS = 4000;

function invalidInput(tool: Tool, error: z.ZodError): ToolResult {
  return {
    content: `Invalid input for ${tool.name}:\n${z.prettifyError(error)}\nCall ${tool.name} again with input matching its schema.`,
    isError: true,
    summary: "invalid input",
  };
}

async function execute(tool: Tool, input: unknown, agent: string, signal: AbortSignal, onOutput: (chunk: string) => void): Promise<ToolResult> {
  try {
    return await tool.execute(input, { agent, signal, onOutput });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { content: `${tool.name} failed: ${message}`, isError: true, summary: `failed: ${message.split("\n")[0]}` };
  }
}

/**
 * One tool call: validated against the tool's schema, run with the session's signal, its output streamed
 * as events while it runs. Never throws: every failure becomes an is_error result the model can act on.
 */
export async function* runToolCall(
  use: ToolUseBlock,
  tools: ReadonlyMap<string, Tool>,
  agent: string,
  signal: AbortSignal,
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
    if (!parsed.success) result = invalidInput(tool, parsed.error);
    else {
      if (tool.name === "AskHuman") yield { type: "question", agent, question: String(use.input.question ?? "") };
      const chunks: string[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const running = execute(tool, parsed.data, agent, signal, (chunk) => {
        chunks.push(chunk);
        wake?.();
      }).finally(() => {
        done = true;
        wake?.();
      });
      while (!done || chunks.length > 0) {
        const chunk = chunks.shift();
        if (chunk !== undefined) yield { type: "tool_output", agent, toolUseId: use.id, chunk };
        else await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      result = await running;
      if (tool.name === "ReviewVerdict" && !result.isError) {
        const verdict = parsed.data as { verdict: "approve" | "request_changes"; summary: string; findings?: string[] };
        yield { type: "verdict", agent, verdict: verdict.verdict, summary: verdict.summary, findings: verdict.findings ?? [] };
      }
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
