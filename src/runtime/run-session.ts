import type { ContentBlock, Message, TextBlock, ToolResultBlock, Usage } from "../domain/conversation.js";
import { totalTokens, ZERO_USAGE } from "../domain/conversation.js";
import type { AgentEvent } from "../domain/events.js";
import type { SessionEndReason } from "../domain/session-result.js";
import { ProviderError, type ModelRequest, type ProviderEvent } from "../provider/model-provider.js";
import { addUsage, costOf, priceOf, priceTable } from "../provider/pricing.js";
import { toolSpecs } from "../tools/tool-specs.js";
import type { Tool, ToolResult } from "../tools/tool.js";
import { RepeatedCallDetector } from "./repeated-call-detector.js";
import { runToolCall, ToolBugError } from "./run-tool-call.js";
import { DEFAULT_MAX_TURNS, type SessionOptions, type SessionOutcome } from "./session-options.js";
import { continueConversation } from "./continue-conversation.js";
import { DEFAULT_MAX_OUTPUT_TOKENS, StopReasonPolicy } from "./stop-reason-policy.js";
import type { Refusal } from "../domain/reasoning.js";
import { ContextWindow, contextLimitsOf, type PreparedRequest } from "../context-window/index.js";

const REPEAT_LIMIT = 3;

const textOf = (content: ContentBlock[]) =>
  content
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("");

/** What the agent said before a call in its message: the reason a person sees when asked to allow it. */
function reasonFor(content: ContentBlock[], use: ContentBlock): string {
  return textOf(content.slice(0, content.indexOf(use))).trim();
}

/** What the person typed while the agent worked, one text block per message, for the next user message. */
const personSaid = (options: SessionOptions): TextBlock[] => (options.takeQueuedMessages?.() ?? []).map((text) => ({ type: "text", text }));

/**
 * One agent session: sends the conversation, streams what the model says, runs the tools it asks for
 * (only from a final message that stopped for tool_use), and repeats until the model ends its turn, a
 * budget or the loop guard stops it, the provider fails, or the signal aborts. Returns the outcome with
 * the whole transcript; it never throws for a provider or tool failure.
 */
export async function* runSession(options: SessionOptions): AsyncGenerator<AgentEvent, SessionOutcome> {
  const started = performance.now();
  const { provider, signal, model } = options;
  const agent = options.agent.name;
  const tools = new Map<string, Tool>(options.tools.map((tool) => [tool.name, tool]));
  const prices = priceTable(options.pricing);
  const maxTurns = options.agent.maxTurns ?? options.budgets?.maxTurns ?? DEFAULT_MAX_TURNS;
  const messages: Message[] = continueConversation(options.priorMessages ?? [], options.prompt);
  const filesChanged = new Set<string>();
  const effects: Pick<SessionOutcome, "verdict" | "question"> = {};
  const repeats = new RepeatedCallDetector(REPEAT_LIMIT);
  const request: Omit<ModelRequest, "messages" | "maxTokens"> = {
    model,
    system: options.system ?? [options.agent.prompt],
    tools: toolSpecs(options.tools),
    agent,
    ...(options.requirement === undefined ? {} : { requirement: options.requirement }),
    ...(options.reasoning?.thinking === undefined ? {} : { thinking: options.reasoning.thinking }),
    ...(options.reasoning?.effort === undefined ? {} : { effort: options.reasoning.effort }),
  };
  let usage: Usage = ZERO_USAGE;
  let costUsd = 0;
  let costUnknown = false;
  let turns = 0;
  let finalText = "";
  /** What a turn, a compaction's summary or a subagent spent; a price unknown once leaves the total unknown. */
  const spend = (used: Usage, cost: number, unknown: boolean | undefined): void => {
    usage = addUsage(usage, used);
    costUsd += cost;
    if (unknown) costUnknown = true;
  };

  const finish = (reason: SessionEndReason, error?: string, refusal?: Refusal): { event: AgentEvent; outcome: SessionOutcome } => {
    const result = { reason, turns, usage, costUsd, ...(costUnknown ? { costUnknown } : {}), durationMs: performance.now() - started, finalText, ...(error === undefined ? {} : { error }), ...(refusal ? { refusal } : {}) };
    return { event: { type: "session_finished", agent, result }, outcome: { ...result, messages, filesChanged: [...filesChanged], ...effects } };
  };

  yield { type: "session_started", agent, model, prompt: options.prompt, ...(options.role === undefined ? {} : { role: options.role }) };
  const capabilities = await provider.capabilities?.(model);
  const output = new StopReasonPolicy({ initial: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, modelMax: capabilities?.maxOutputTokens });
  const contextWindow = new ContextWindow({
    model,
    limits: options.contextLimits ?? contextLimitsOf(model, capabilities, options.contextEditing),
    provider,
    agent,
    ...(options.requirement === undefined ? {} : { requirement: options.requirement }),
    system: request.system,
    tools: request.tools,
    prompt: options.prompt,
    prices,
  });
  let end: ReturnType<typeof finish> | undefined;
  while (!end) {
    if (signal.aborted) {
      end = finish("aborted", "aborted by the user");
      break;
    }
    const budget = options.budgets;
    const run = budget?.runSpent?.();
    const [tokensSpent, costSpent, scope] = run ? [run.tokens, run.costUsd, "the run's"] : [totalTokens(usage), costUsd, "the session"];
    if (turns >= maxTurns) end = finish("max_turns", `stopped after ${turns} turns (the limit is ${maxTurns})`);
    else if (budget?.maxTokens !== undefined && tokensSpent >= budget.maxTokens) {
      end = finish("token_budget", `used ${tokensSpent} tokens, ${scope} budget is ${budget.maxTokens}`);
    } else if (budget?.maxCostUsd !== undefined && (costUnknown || run?.costUnknown || !priceOf(model, prices))) {
      end = finish("cost_budget", `the price of ${priceOf(model, prices) ? "a model this run used" : model} is not known, so the cost budget of $${budget.maxCostUsd} cannot be kept; give it in greenlight.json "pricing"`);
    } else if (budget?.maxCostUsd !== undefined && costSpent >= budget.maxCostUsd) {
      end = finish("cost_budget", `spent $${costSpent.toFixed(4)}, ${scope} budget is $${budget.maxCostUsd}`);
    }
    if (end) break;

    turns++;
    yield { type: "turn_started", agent, turn: turns };
    let message: Extract<ProviderEvent, { type: "message" }> | undefined;
    let prepared: PreparedRequest = { request: {} };
    try {
      prepared = yield* contextWindow.prepare(messages, output.maxTokens, signal);
      if (prepared.spent) spend(prepared.spent.usage, prepared.spent.costUsd, prepared.spent.costUnknown);
      if (prepared.stop === undefined) for await (const event of provider.stream({ ...request, ...prepared.request, maxTokens: output.maxTokens, messages }, signal)) {
        if (event.type === "text_delta") yield { type: "text_delta", agent, text: event.text };
        else if (event.type === "retry") yield { type: "retry", agent, attempt: event.attempt, reason: event.reason, waitMs: event.waitMs };
        else if (event.type === "message") message = event;
      }
    } catch (error) {
      if (!signal.aborted && contextWindow.afterFailure(error)) continue;
      const aborted = signal.aborted || (error instanceof ProviderError && error.kind === "aborted");
      const text = error instanceof Error ? error.message : String(error);
      end = aborted ? finish("aborted", "aborted by the user") : finish("error", `${provider.name} provider: ${text}`);
      break;
    }
    if (prepared.stop !== undefined) {
      end = finish("context_window", prepared.stop);
      break;
    }
    if (!message) {
      end = finish("error", `${provider.name} provider ended turn ${turns} without a message`);
      break;
    }

    const turnCost = costOf(message.usage, message.model || model, prices);
    spend(message.usage, turnCost ?? 0, turnCost === undefined);
    const turnFinished: AgentEvent = { type: "turn_finished", agent, turn: turns, stopReason: message.stopReason, usage: message.usage, costUsd: turnCost ?? 0, ...(turnCost === undefined ? { costUnknown: true } : {}) };
    for (const event of contextWindow.afterReply(message, messages)) yield event;
    const step = output.decide(message);
    // A reply asked again or stopped at the window is truncated: it never joins the transcript.
    if (step.kind !== "ask_again" && step.kind !== "window_exceeded") {
      if (message.content.length > 0) messages.push({ role: "assistant", content: message.content });
      for (const block of message.content) if (block.type === "thinking" && block.thinking.trim() !== "") yield { type: "thinking", agent, text: block.thinking };
      const text = textOf(message.content);
      if (text) {
        finalText = text;
        yield { type: "assistant_message", agent, text };
      }
    }
    yield turnFinished;
    if (step.cut) yield { type: "reply_cut", agent, turn: turns, ...step.cut, callsNotRun: message.content.flatMap((block) => (block.type === "tool_use" ? [block.name] : [])) };

    switch (step.kind) {
      case "ask_again":
      case "continue_paused":
        continue;
      case "nudge":
        messages.push({ role: "user", content: [...step.results, { type: "text", text: step.text }] });
        continue;
      case "window_exceeded":
        // Its calls never run: the turn is asked again once the context window made room (or it gives up).
        contextWindow.windowExceeded();
        continue;
      case "completed": {
        const said = signal.aborted || turns >= maxTurns ? [] : personSaid(options);
        if (said.length > 0) {
          messages.push({ role: "user", content: said });
          continue;
        }
        end = finish("completed");
        break;
      }
      case "end":
        end = finish(step.reason, step.error, step.refusal);
        break;
    }
    if (end) break;
    const uses = message.content.filter((block) => block.type === "tool_use");
    const results: ToolResultBlock[] = [];
    let loopCall: string | undefined;
    for (const use of uses) {
      if (loopCall !== undefined || signal.aborted) {
        results.push({ type: "tool_result", tool_use_id: use.id, content: "Not run: the session was stopped.", is_error: true });
        continue;
      }
      if (repeats.record(use)) {
        loopCall = `${use.name} ${JSON.stringify(use.input)}`;
        results.push({ type: "tool_result", tool_use_id: use.id, content: `Not run: the same call ${REPEAT_LIMIT} times in a row.`, is_error: true });
        continue;
      }
      const permission = options.permissions ? { gate: options.permissions, reason: reasonFor(message.content, use) || finalText } : undefined;
      let call: { block: ToolResultBlock; result: ToolResult };
      try {
        call = yield* runToolCall(use, tools, agent, signal, permission);
      } catch (error) {
        if (!(error instanceof ToolBugError)) throw error;
        end = finish("error", error.message);
        break;
      }
      const { block, result } = call;
      for (const file of result.filesChanged ?? []) filesChanged.add(file);
      if (result.effect?.kind === "verdict") effects.verdict = { verdict: result.effect.verdict, summary: result.effect.summary, findings: result.effect.findings };
      if (result.effect?.kind === "question") effects.question ??= result.effect.question;
      if (result.effect?.kind === "subagent_spent") spend(result.effect.usage, result.effect.costUsd, result.effect.costUnknown);
      results.push(block);
    }
    if (end) break;
    messages.push({ role: "user", content: [...results, ...(loopCall === undefined && !signal.aborted ? personSaid(options) : [])] });
    if (loopCall !== undefined) end = finish("loop", `the agent made the same tool call ${REPEAT_LIMIT} times in a row: ${loopCall.slice(0, 200)}`);
  }
  yield end.event;
  return end.outcome;
}

/** Runs a session to its end, handing every event to onEvent. */
export async function drainSession(session: AsyncGenerator<AgentEvent, SessionOutcome>, onEvent: (event: AgentEvent) => void): Promise<SessionOutcome> {
  for (;;) {
    const step = await session.next();
    if (step.done) return step.value;
    onEvent(step.value);
  }
}
