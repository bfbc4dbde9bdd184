/**
 * The local Messages API server tests drive the real SDK against. Each documented rule is a small
 * `ServerRule` in ./rules/ (refuse a request with `check`, reshape a reply with `shape`); a test adds
 * more through `startFakeMessagesServer(script, { strict: { rules: [...] } })`.
 */
export * from "./script.js";
export * from "./server.js";
export * from "./rule.js";
export * from "./model-profiles.js";
export { promptTokens, tokensOf } from "./cache-usage.js";
export { canonical } from "./canonical.js";
