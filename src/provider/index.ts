export { ProviderError, type ModelProvider, type ModelRequest, type ProviderEvent, type ProviderErrorKind } from "./model-provider.js";
export { createAnthropicProvider, type AnthropicProviderOptions } from "./anthropic-provider.js";
export { createScriptedProvider, type ScriptedProviderOptions } from "./scripted-provider.js";
export { createRecordingProvider } from "./recording-provider.js";
export { loadCassette } from "./load-cassette.js";
export { costOf, priceOf, priceTable, addUsage, billedUsage, isKnownModel, DEFAULT_PRICES, type ModelPrice, type PriceTable, type PriceOverride, type TokenRates } from "./pricing.js";
