import type { Capability } from "../domain/agent-definition.js";

/**
 * The canonical capabilities in the domain's order (CAPABILITIES in src/domain/agent-definition.ts).
 * Repeated here as a type-checked value so that `greenlight agents` does not load zod at start-up,
 * which costs a fifth of its time budget; test/agents/capability-order.test.ts keeps the two equal.
 */
export const CAPABILITY_ORDER: readonly Capability[] = ["read", "write", "edit", "bash", "search", "glob", "web", "task", "todo", "mcp"];
