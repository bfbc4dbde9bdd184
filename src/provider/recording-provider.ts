import { writeFileDurably } from "../store/durable-file.js";
import type { Cassette, CassetteScript } from "../domain/cassette.js";
import type { ModelProvider, ModelRequest, ProviderEvent } from "./model-provider.js";

/**
 * Passes a provider's turns through unchanged and writes every final message to a version-1 cassette
 * the scripted provider replays. The file is rewritten after each turn, so a cut session keeps its turns.
 */
export function createRecordingProvider(inner: ModelProvider, cassettePath: string): ModelProvider {
  const cassette: Cassette = { version: 1, scripts: [] };
  let writing = Promise.resolve();

  function scriptFor(request: ModelRequest): CassetteScript {
    let script = cassette.scripts.find((candidate) => candidate.agent === request.agent && candidate.requirement === request.requirement);
    if (!script) {
      script = { agent: request.agent, ...(request.requirement === undefined ? {} : { requirement: request.requirement }), turns: [] };
      cassette.scripts.push(script);
    }
    return script;
  }

  function save(): Promise<void> {
    const text = JSON.stringify(cassette, null, 2) + "\n";
    writing = writing.then(() => writeFileDurably(cassettePath, text));
    return writing;
  }

  return {
    name: "recording",
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
      for await (const event of inner.stream(request, signal)) {
        if (event.type === "message") {
          const content = event.content.filter((block) => block.type === "text" || block.type === "tool_use");
          if (content.length > 0) {
            cassette.model ??= event.model;
            scriptFor(request).turns.push({ content, stopReason: event.stopReason === "tool_use" || event.stopReason === "max_tokens" ? event.stopReason : "end_turn" });
            await save();
          }
        }
        yield event;
      }
    },
  };
}
