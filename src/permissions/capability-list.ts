import type { Capability } from "../domain/agent-definition.js";

/** Every capability, as a value without loading zod (the agents command starts without it). */
export const CAPABILITY_LIST: readonly Capability[] = ["read", "write", "edit", "bash", "search", "glob", "web", "task", "todo", "mcp"];
