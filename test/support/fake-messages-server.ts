import { createHash, type Hash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A real HTTP server on 127.0.0.1 speaking the Messages API wire format (SSE events and JSON error
 * envelopes), scriptable per request and recording every request, so tests drive the real SDK.
 */

export type FakeBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/** Where a streamed reply goes wrong: after `afterEvents` SSE events it is cut, stalls, or sends an error event. */
export interface StreamFault {
  afterEvents: number;
  then: "cut" | "stall" | "error_event";
  errorType?: string;
  message?: string;
}

export type FakeResponse =
  | {
      kind: "message";
      content: FakeBlock[];
      stopReason?: string;
      fault?: StreamFault;
      /** Pause between SSE events, so a test can act mid-stream. */
      eventDelayMs?: number;
      model?: string;
    }
  | { kind: "error"; status: number; errorType: string; message: string; retryAfter?: string };

export interface RecordedRequest {
  index: number;
  path: string;
  headers: IncomingMessage["headers"];
  rawBody: string;
  body: Record<string, unknown>;
}

export type Responder = FakeResponse[] | ((request: RecordedRequest) => FakeResponse);

export interface FakeMessagesServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Appends responses to the queue (when the server was started with a queue). */
  enqueue(...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

export const text = (value: string): FakeBlock => ({ type: "text", text: value });
export const toolUse = (id: string, name: string, input: Record<string, unknown>): FakeBlock => ({ type: "tool_use", id, name, input });
export const reply = (content: FakeBlock[], extra: Omit<Extract<FakeResponse, { kind: "message" }>, "kind" | "content"> = {}): FakeResponse => ({
  kind: "message",
  content,
  ...extra,
});
export const httpError = (status: number, errorType: string, message: string, retryAfter?: string): FakeResponse => ({
  kind: "error",
  status,
  errorType,
  message,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

const tokensOf = (value: unknown): number => Math.max(1, Math.ceil(JSON.stringify(value).length / 4));

interface PromptPiece {
  tokens: number;
  key: unknown;
  breakpoint: boolean;
}

function withoutCacheControl(value: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _ignored, ...rest } = value;
  return rest;
}

/** The prompt as the ordered pieces the cache works on: tools, then system blocks, then message blocks. */
function promptPieces(body: Record<string, unknown>): PromptPiece[] {
  const pieces: PromptPiece[] = [];
  const add = (block: unknown, role?: string) => {
    const record = typeof block === "object" && block !== null ? (block as Record<string, unknown>) : { text: block };
    const key = role === undefined ? withoutCacheControl(record) : { role, ...withoutCacheControl(record) };
    pieces.push({ tokens: tokensOf(key), key, breakpoint: record.cache_control !== undefined });
  };
  for (const tool of (body.tools as unknown[] | undefined) ?? []) add(tool);
  const system = body.system;
  if (typeof system === "string") add(system);
  else for (const block of (system as unknown[] | undefined) ?? []) add(block);
  for (const message of (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? []) {
    const content = typeof message.content === "string" ? [message.content] : (message.content as unknown[]);
    for (const block of content) add(block, message.role);
  }
  return pieces;
}

/**
 * Usage the way prompt caching bills it: the longest previously cached prefix (at any block boundary up to
 * the last breakpoint) is read from cache, the rest up to the last breakpoint is written, the remainder
 * is plain input. Every breakpoint's prefix is remembered for later requests.
 */
function cacheUsage(body: Record<string, unknown>, cache: Set<string>) {
  const pieces = promptPieces(body);
  const lastBreakpoint = pieces.map((piece) => piece.breakpoint).lastIndexOf(true);
  const running: Hash = createHash("sha256");
  let total = 0;
  let read = 0;
  let upToBreakpoint = 0;
  pieces.forEach((piece, index) => {
    running.update(JSON.stringify(piece.key));
    total += piece.tokens;
    const digest = running.copy().digest("hex");
    if (index <= lastBreakpoint) {
      if (cache.has(digest)) read = total;
      upToBreakpoint = total;
    }
    if (piece.breakpoint) cache.add(digest);
  });
  return {
    input_tokens: total - upToBreakpoint,
    cache_creation_input_tokens: upToBreakpoint - read,
    cache_read_input_tokens: read,
  };
}

function sseEvents(response: Extract<FakeResponse, { kind: "message" }>, usage: ReturnType<typeof cacheUsage>, model: string): Array<[string, unknown]> {
  const events: Array<[string, unknown]> = [];
  const id = `msg_fake_${Math.random().toString(36).slice(2, 10)}`;
  events.push([
    "message_start",
    { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } },
  ]);
  events.push(["ping", { type: "ping" }]);
  let outputTokens = 1;
  response.content.forEach((block, index) => {
    if (block.type === "text") {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }]);
      for (let at = 0; at < block.text.length; at += 12) {
        events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text.slice(at, at + 12) } }]);
      }
      outputTokens += tokensOf(block.text);
    } else {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }]);
      const json = JSON.stringify(block.input);
      const fragments = [""];
      for (let at = 0; at < json.length; at += 9) fragments.push(json.slice(at, at + 9));
      for (const partial_json of fragments) {
        events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } }]);
      }
      outputTokens += tokensOf(block.input);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  const stopReason = response.stopReason ?? (response.content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn");
  events.push(["message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { ...usage, output_tokens: outputTokens } }]);
  events.push(["message_stop", { type: "message_stop" }]);
  return events;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeStream(res: ServerResponse, response: Extract<FakeResponse, { kind: "message" }>, usage: ReturnType<typeof cacheUsage>, model: string) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": "req_fake" });
  const events = sseEvents(response, usage, model);
  const fault = response.fault;
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
    if (response.eventDelayMs) await delay(response.eventDelayMs);
    if (res.destroyed) return;
  }
  res.end();
}

function writeError(res: ServerResponse, response: Extract<FakeResponse, { kind: "error" }>) {
  const headers: Record<string, string> = { "content-type": "application/json", "request-id": "req_fake" };
  if (response.retryAfter !== undefined) headers["retry-after"] = response.retryAfter;
  res.writeHead(response.status, headers);
  res.end(JSON.stringify({ type: "error", error: { type: response.errorType, message: response.message }, request_id: "req_fake" }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeMessagesServer(responder: Responder = []): Promise<FakeMessagesServer> {
  const queue = Array.isArray(responder) ? [...responder] : undefined;
  const requests: RecordedRequest[] = [];
  const cache = new Set<string>();
  const sockets = new Set<Socket>();

  const next = (request: RecordedRequest): FakeResponse => {
    if (typeof responder === "function") return responder(request);
    return queue!.shift() ?? httpError(400, "invalid_request_error", `fake server: no scripted response left for request ${request.index + 1}`);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
      const recorded: RecordedRequest = { index: requests.length, path: req.url ?? "", headers: req.headers, rawBody, body };
      requests.push(recorded);
      const response = next(recorded);
      if (response.kind === "error") return writeError(res, response);
      await writeStream(res, response, cacheUsage(body, cache), response.model ?? String(body.model ?? "claude-fake"));
    })().catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake server has no port");

  return {
    baseURL: `http://127.0.0.1:${address.port}`,
    requests,
    enqueue: (...responses) => {
      if (!queue) throw new Error("enqueue needs a server started with a queue");
      queue.push(...responses);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
