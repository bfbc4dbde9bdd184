export { ContextWindow, type ContextWindowOptions, type PreparedRequest } from "./context-window.js";
export { contextLimitsOf, publishedLimits, type ContextLimits } from "./context-limits.js";
