import type { ModelProvider } from "../provider/model-provider.js";

export interface ProviderChoice {
  /** Replay this cassette offline. */
  cassette?: string | undefined;
  /** Call Claude and write the turns to this cassette. */
  record?: string | undefined;
  paceMs?: number;
}

/**
 * The model provider of a command: the cassette replayed offline, else Claude (recorded when asked). A
 * missing key or a broken cassette is a ProviderError the error boundary shows as the user's to fix.
 */
export async function openProvider(choice: ProviderChoice): Promise<ModelProvider> {
  if (choice.cassette) {
    const [{ createScriptedProvider }, { loadCassette }] = await Promise.all([import("../provider/scripted-provider.js"), import("../provider/load-cassette.js")]);
    return createScriptedProvider(await loadCassette(choice.cassette), { paceMs: choice.paceMs ?? 0 });
  }
  // The SDK loads only when a command talks to Claude: offline runs and the demo never pay for it.
  const anthropic = (await import("../provider/anthropic-provider.js")).createAnthropicProvider();
  if (!choice.record) return anthropic;
  const { createRecordingProvider } = await import("../provider/recording-provider.js");
  return createRecordingProvider(anthropic, choice.record);
}
