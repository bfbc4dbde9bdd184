export { ContextWindow, type ContextWindowOptions, type PreparedRequest } from "./context-window.js";
export { publishedLimits, type ContextLimits } from "./context-limits.js";
