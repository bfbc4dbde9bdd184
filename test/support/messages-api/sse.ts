import type { ServerResponse } from "node:http";
import type { Plan } from "./plan-reply.js";
import type { ApiError } from "./rule.js";
import type { StreamFault } from "./script.js";

type Event = [string, unknown];

const chunks = (value: string, size: number): string[] => {
  const parts: string[] = [];
  for (let at = 0; at < value.length; at += size) parts.push(value.slice(at, at + size));
  return parts;
};

function blockEvents(block: Record<string, unknown> & { type: string }, index: number, cutJson: string | undefined): Event[] {
  const delta = (payload: unknown): Event => ["content_block_delta", { type: "content_block_delta", index, delta: payload }];
  const events: Event[] = [];
  if (block.type === "text") {
    events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }]);
    for (const text of chunks(String(block.text), 12)) events.push(delta({ type: "text_delta", text }));
  } else if (block.type === "tool_use") {
    events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }]);
    // A tool's JSON arrives in fragments, the first one empty, as the API sends it.
    for (const partial_json of ["", ...chunks(cutJson ?? JSON.stringify(block.input), 9)]) events.push(delta({ type: "input_json_delta", partial_json }));
  } else if (block.type === "thinking") {
    events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } }]);
    for (const thinking of chunks(String(block.thinking), 16)) events.push(delta({ type: "thinking_delta", thinking }));
    events.push(delta({ type: "signature_delta", signature: block.signature }));
  } else {
    events.push(["content_block_start", { type: "content_block_start", index, content_block: block }]);
  }
  events.push(["content_block_stop", { type: "content_block_stop", index }]);
  return events;
}

function messageEvents(plan: Plan, model: string): Event[] {
  const id = `msg_fake_${Math.random().toString(36).slice(2, 10)}`;
  const events: Event[] = [
    [
      "message_start",
      { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { ...plan.usage, output_tokens: 1 } } },
    ],
    ["ping", { type: "ping" }],
  ];
  plan.content.forEach((block, index) => events.push(...blockEvents(block, index, plan.cutInput?.index === index ? plan.cutInput.json : undefined)));
  events.push([
    "message_delta",
    { type: "message_delta", delta: { stop_reason: plan.stopReason, stop_sequence: null, stop_details: plan.stopDetails }, usage: { ...plan.usage, output_tokens: plan.outputTokens }, ...plan.deltaFields },
  ]);
  events.push(["message_stop", { type: "message_stop" }]);
  return events;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StreamShape {
  fault?: StreamFault;
  eventDelayMs?: number;
}

export async function writeStream(res: ServerResponse, plan: Plan, model: string, shape: StreamShape): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": "req_fake" });
  const events = messageEvents(plan, model);
  const fault = shape.fault;
  for (let index = 0; index < events.length; index++) {
    if (fault && index === fault.afterEvents) {
      if (fault.then === "cut") {
        res.socket?.destroy();
        return;
      }
      if (fault.then === "stall") return;
      const envelope = { type: "error", error: { type: fault.errorType ?? "overloaded_error", message: fault.message ?? "Overloaded" }, request_id: "req_fake" };
      res.end(`event: error\ndata: ${JSON.stringify(envelope)}\n\n`);
      return;
    }
    const [event, data] = events[index]!;
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (shape.eventDelayMs) await delay(shape.eventDelayMs);
    if (res.destroyed) return;
  }
  res.end();
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "request-id": "req_fake", ...headers });
  res.end(JSON.stringify(body));
}

export function writeError(res: ServerResponse, error: ApiError, retryAfter?: string): void {
  writeJson(res, error.status, { type: "error", error: { type: error.errorType, message: error.message }, request_id: "req_fake" }, retryAfter === undefined ? {} : { "retry-after": retryAfter });
}
