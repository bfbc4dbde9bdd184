import { ProviderError, type ModelProvider } from "../provider/model-provider.js";
import { ConfigError } from "./config.js";

/**
 * The run's model provider: the cassette replayed offline, else Claude. A missing key or a broken
 * cassette is the user's to fix, so it becomes a ConfigError (exit 2, no stack trace).
 */
export async function openProvider(cassette: string | undefined, paceMs: number): Promise<ModelProvider> {
  try {
    if (cassette) {
      const [{ createScriptedProvider }, { loadCassette }] = await Promise.all([import("../provider/scripted-provider.js"), import("../provider/load-cassette.js")]);
      return createScriptedProvider(await loadCassette(cassette), { paceMs });
    }
    // The SDK loads only when a run talks to Claude: offline runs and the demo never pay for it.
    return (await import("../provider/anthropic-provider.js")).createAnthropicProvider();
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === "auth" || error.kind === "cassette")) throw new ConfigError(error.message);
    throw error;
  }
}
