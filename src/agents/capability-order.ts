/**
 * The canonical capabilities in the domain's order (CAPABILITIES in src/domain/agent-definition.ts), as
 * a value that does not load zod, so that `greenlight agents` starts without it;
 * test/agents/capability-order.test.ts keeps the two equal.
 */
export { CAPABILITY_LIST as CAPABILITY_ORDER } from "../permissions/capability-list.js";
