import type { ContentBlock, Usage } from "../domain/conversation.js";
import type { Cassette, CassetteTurn } from "../domain/cassette.js";
import { ProviderError, type ModelProvider, type ModelRequest, type ProviderEvent } from "./model-provider.js";
import { sleep } from "./retry-policy.js";

export interface ScriptedProviderOptions {
  /** Pause between streamed chunks in ms; 0 streams instantly. */
  paceMs?: number;
  chunkChars?: number;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const keyOf = (agent: string, requirement: string | undefined) => `${agent}\u0000${requirement ?? ""}`;

function turnsFor(cassette: Cassette, agent: string, requirement: string | undefined): CassetteTurn[] | undefined {
  const scripts = cassette.scripts.filter((script) => script.agent === agent);
  const exact = scripts.find((script) => requirement !== undefined && script.requirement === requirement);
  const any = scripts.find((script) => script.requirement === undefined || script.requirement === "*");
  return (exact ?? any)?.turns;
}

function usageOf(request: ModelRequest, content: ContentBlock[]): Usage {
  const prompt = request.system.join("").length + JSON.stringify(request.messages).length + JSON.stringify(request.tools).length;
  return { inputTokens: Math.ceil(prompt / 4), outputTokens: estimateTokens(JSON.stringify(content)), cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
}

/** Replays cassette turns offline: per (agent, requirement) in order, text streamed in small paced chunks. */
export function createScriptedProvider(cassette: Cassette, options: ScriptedProviderOptions = {}): ModelProvider {
  const paceMs = options.paceMs ?? 0;
  const chunkChars = Math.max(1, options.chunkChars ?? 8);
  const consumed = new Map<string, number>();
  const model = cassette.model ?? "scripted";

  async function pause(signal: AbortSignal) {
    if (paceMs > 0) await sleep(paceMs, signal);
    else if (signal.aborted) throw new ProviderError("aborted", "aborted");
  }

  return {
    name: "scripted",
    cannotServe(agent, requirement) {
      const turns = turnsFor(cassette, agent, requirement);
      if (!turns) return `the cassette has no turns for agent '${agent}'${requirement === undefined ? "" : ` (requirement ${requirement})`}, so it cannot be talked to offline`;
      if ((consumed.get(keyOf(agent, requirement)) ?? 0) >= turns.length) return `the cassette's turns for agent '${agent}' are used up`;
      return undefined;
    },
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
      const turns = turnsFor(cassette, request.agent, request.requirement);
      const forRequirement = request.requirement === undefined ? "" : ` (requirement ${request.requirement})`;
      if (!turns) throw new ProviderError("cassette", `the cassette has no turns for agent '${request.agent}'${forRequirement}`);
      const key = keyOf(request.agent, request.requirement);
      const index = consumed.get(key) ?? 0;
      const turn = turns[index];
      if (!turn) throw new ProviderError("cassette", `the cassette ran out for agent '${request.agent}'${forRequirement} after ${turns.length} turns`);
      consumed.set(key, index + 1);
      for (const block of turn.content) {
        if (block.type === "text") {
          for (let at = 0; at < block.text.length; at += chunkChars) {
            await pause(signal);
            yield { type: "text_delta", text: block.text.slice(at, at + chunkChars) };
          }
        } else if (block.type === "tool_use") {
          // A tool call's input streams too: paced replays take as long for it as a model would.
          const chars = JSON.stringify(block.input).length;
          for (let at = 0; at < chars; at += chunkChars * 4) await pause(signal);
        }
      }
      await pause(signal);
      const stopReason = turn.stopReason ?? (turn.content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn");
      yield { type: "message", content: turn.content, stopReason, usage: usageOf(request, turn.content), model, ...(turn.refusal ? { refusal: turn.refusal } : {}) };
    },
  };
}
