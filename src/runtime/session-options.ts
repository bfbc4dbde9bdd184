import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Message } from "../domain/conversation.js";
import type { ReasoningSettings } from "../domain/reasoning.js";
import type { Role } from "../domain/roles.js";
import type { SessionResult } from "../domain/session-result.js";
import type { ModelProvider } from "../provider/model-provider.js";
import type { PriceOverride } from "../provider/pricing.js";
import type { ContextEditing } from "../domain/context-editing.js";
import type { ContextLimits } from "../context-window/index.js";
import type { Tool } from "../tools/tool.js";
import type { PermissionGate } from "./permission-gate.js";

export interface SessionBudgets {
  maxTurns?: number;
  /** All tokens of the session: input, output, cache writes and cache reads. */
  maxTokens?: number;
  maxCostUsd?: number;
  /**
   * What the whole run has spent, this session included: given, maxTokens and maxCostUsd hold for the run
   * (every session of every lane together) instead of for this session alone.
   */
  runSpent?: () => { tokens: number; costUsd: number; costUnknown?: boolean };
}

export interface SessionOptions {
  agent: AgentDefinition;
  role?: Role;
  /** The resolved model id. */
  model: string;
  provider: ModelProvider;
  tools: Tool[];
  prompt: string;
  /** The system prompt blocks (the agent's body with its context); the agent's body alone when absent. */
  system?: readonly string[];
  /** Earlier turns to continue from (a session sent back by a reviewer). */
  priorMessages?: Message[];
  requirement?: string;
  signal: AbortSignal;
  budgets?: SessionBudgets;
  /** max_tokens of the first request (DEFAULT_MAX_OUTPUT_TOKENS); a cut reply asks again with up to the model's limit. */
  maxOutputTokens?: number;
  /** Thinking and effort for this session (greenlight.json, the agent file); the provider sends what the model accepts. */
  reasoning?: ReasoningSettings;
  /** The model's window and the API's context strategies for it; from the Models API (else the published window) when absent. */
  contextLimits?: ContextLimits;
  /** greenlight.json `pricing`: prices per model id over the published ones. */
  pricing?: Record<string, PriceOverride>;
  /** greenlight.json `contextEditing`: who clears old tool results near the window (greenlight unless set). */
  contextEditing?: ContextEditing;
  /** Decides each tool call before it runs (the agent's, the team's and the person's rules). */
  permissions?: PermissionGate;
  /**
   * The person's messages typed while the agent worked, in the order typed; asked at each turn boundary
   * (after the tool results, and when the model ends its turn) and sent in that same user message.
   */
  takeQueuedMessages?: () => string[];
}

/**
 * The result, plus the whole transcript and the files the tools changed, so nothing done is lost, and
 * what the tools' effects said: the reviewer's last verdict, the first question for the person.
 */
export type SessionOutcome = SessionResult & {
  messages: Message[];
  filesChanged: string[];
  verdict?: { verdict: "approve" | "request_changes"; summary: string; findings: string[] };
  question?: string;
};

export const DEFAULT_MAX_TURNS = 40;
