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
    ...(inner.capabilities ? { capabilities: inner.capabilities } : {}),
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
      for await (const event of inner.stream(request, signal)) {
        if (event.type === "message") {
          // Every block as the API sent it and every stop reason, so a replay takes the same paths.
          const content = event.content.flatMap((block) => (block.type === "tool_result" ? [] : [block]));
          if (content.length > 0 || event.stopReason === "refusal") {
            cassette.model ??= event.model;
            scriptFor(request).turns.push({ content, stopReason: event.stopReason, ...(event.refusal ? { refusal: event.refusal } : {}) });
            await save();
          }
        }
        yield event;
      }
    },
  };
}
