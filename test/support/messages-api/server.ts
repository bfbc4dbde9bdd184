import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { cacheUsage } from "./cache-usage.js";
import { canonical } from "./canonical.js";
import { DEFAULT_PROFILES, type ModelProfile } from "./model-profiles.js";
import { modelsResponse } from "./models-endpoint.js";
import { planReply } from "./plan-reply.js";
import type { ApiError, ApiRequest, RecordedRequest, ServerMemory, ServerRule, WireMessage } from "./rule.js";
import { checkApiKey, STRICT_RULES } from "./rules/index.js";
import { httpError, type FakeResponse } from "./script.js";
import { createSigner } from "./signature.js";
import { writeError, writeJson, writeStream } from "./sse.js";

/**
 * A real HTTP server on 127.0.0.1 speaking the Messages API wire format (SSE events and JSON error
 * envelopes), scriptable per request and recording every request, so tests drive the real SDK.
 * In strict mode it behaves like today's models as documented: an API key is required, requests the
 * model refuses get the documented 400s, thinking models think first and sign their thinking, and
 * output stops at max_tokens.
 */

export type Responder = FakeResponse[] | ((request: RecordedRequest) => FakeResponse);

export interface StrictOptions {
  /** The one key accepted (`x-api-key` or `Authorization: Bearer`). */
  apiKey?: string;
  models?: readonly ModelProfile[];
  /** More rules, checked and applied after the built-in ones (a window limit, context editing). */
  rules?: readonly ServerRule[];
}

export interface ServerOptions {
  strict?: StrictOptions | boolean;
}

export interface FakeMessagesServer {
  baseURL: string;
  /** Every Messages API request, refused ones included. */
  requests: RecordedRequest[];
  /** Every Models API request. */
  modelLookups: RecordedRequest[];
  /** Requests the server refused with an error of its own rules (not scripted errors). */
  refusals: Array<{ request: RecordedRequest; error: ApiError }>;
  /** Appends responses to the queue (when the server was started with a queue). */
  enqueue(...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

export const STRICT_API_KEY = "sk-test-not-a-real-key";

/** A profile that takes anything, for the lenient mode's unknown models. */
const lenientProfile = (id: string): ModelProfile => ({
  id,
  displayName: id,
  line: null,
  maxInputTokens: Number.MAX_SAFE_INTEGER,
  maxTokens: Number.MAX_SAFE_INTEGER,
  thinkingTypes: ["adaptive", "enabled", "between_tools", "disabled"],
  defaultThinking: "off",
  defaultDisplay: "summarized",
  effortLevels: ["low", "medium", "high", "xhigh", "max"],
  samplingParameters: true,
  assistantPrefill: true,
  contextManagement: { clearToolUses: true, clearThinking: true, compact: true },
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function thinkingOn(body: Record<string, unknown>, model: ModelProfile): boolean {
  const type = (body.thinking as { type?: string } | undefined)?.type;
  return type === "adaptive" || type === "enabled" || (type === undefined && model.defaultThinking === "adaptive");
}

function wireMessages(body: Record<string, unknown>): WireMessage[] {
  const messages = (body.messages as Array<{ role: "user" | "assistant"; content: unknown }> | undefined) ?? [];
  return messages.map((message) => ({
    role: message.role,
    content: typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content as WireMessage["content"]),
  }));
}

export async function startFakeMessagesServer(responder: Responder = [], options: ServerOptions = {}): Promise<FakeMessagesServer> {
  const strict = options.strict === true ? {} : options.strict === false ? undefined : options.strict;
  const profiles = strict?.models ?? DEFAULT_PROFILES;
  const rules = [...STRICT_RULES, ...(strict?.rules ?? [])];
  const queue = Array.isArray(responder) ? [...responder] : undefined;
  const requests: RecordedRequest[] = [];
  const modelLookups: RecordedRequest[] = [];
  const refusals: FakeMessagesServer["refusals"] = [];
  const cache = new Set<string>();
  const sockets = new Set<Socket>();
  const memory: ServerMemory = { signer: createSigner(randomBytes(16).toString("hex")), pausedReplies: new Set() };

  const next = (request: RecordedRequest): FakeResponse => {
    if (typeof responder === "function") return responder(request);
    return queue!.shift() ?? httpError(400, "invalid_request_error", `fake server: no scripted response left for request ${request.index + 1}`);
  };

  const apiRequest = (recorded: RecordedRequest): ApiRequest | ApiError => {
    const id = String(recorded.body.model ?? "claude-fake");
    const model = strict ? profiles.find((profile) => profile.id === id) : lenientProfile(id);
    if (!model) return { status: 404, errorType: "not_found_error", message: `model: ${id}` };
    const betas = String(recorded.headers["anthropic-beta"] ?? "")
      .split(",")
      .map((beta) => beta.trim())
      .filter((beta) => beta !== "");
    return { recorded, body: recorded.body, messages: wireMessages(recorded.body), model, betas, thinkingOn: thinkingOn(recorded.body, model), server: memory };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
      const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
      const isModels = pathname === "/v1/models" || pathname.startsWith("/v1/models/");
      const log = isModels ? modelLookups : requests;
      const recorded: RecordedRequest = { index: log.length, path: req.url ?? "", headers: req.headers, rawBody, body };
      log.push(recorded);
      const refuse = (error: ApiError) => {
        refusals.push({ request: recorded, error });
        writeError(res, error);
      };
      const denied = strict ? checkApiKey(req.headers, strict.apiKey ?? STRICT_API_KEY) : undefined;
      if (denied) return refuse(denied);
      if (isModels) {
        const answer = modelsResponse(pathname, profiles);
        return "errorType" in answer ? refuse(answer) : writeJson(res, answer.status, answer.body);
      }
      const request = apiRequest(recorded);
      if ("errorType" in request) return refuse(request);
      const broken = strict ? rules.map((rule) => rule.check?.(request)).find((error) => error !== undefined) : undefined;
      if (broken) return refuse(broken);
      const response = next(recorded);
      if (response.kind === "error") return writeError(res, { status: response.status, errorType: response.errorType, message: response.message }, response.retryAfter);
      let plan = planReply(response, request, cacheUsage(body, cache), strict !== undefined);
      if (strict) for (const rule of rules) if (rule.shape) plan = { ...plan, ...rule.shape(plan, request) };
      if (plan.stopReason === "pause_turn") memory.pausedReplies.add(canonical(plan.content));
      await writeStream(res, plan, response.model ?? request.model.id, response);
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
    modelLookups,
    refusals,
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
