export { runSession, drainSession } from "./run-session.js";
export type { SessionOptions, SessionOutcome, SessionBudgets } from "./session-options.js";
export { DEFAULT_MAX_TURNS } from "./session-options.js";
export { createSessionFactory, type SessionFactory, type SessionFactoryOptions, type SessionRequest, type SystemPromptSource } from "./session-factory.js";
export { createPermissionGate } from "./permission-gate.js";
export type { PermissionGate, PermissionRequest, PersonAnswer } from "./permission-gate.js";
export { DEFAULT_SUBAGENT_LIMITS, type SubagentConfig, type SubagentLimits } from "./subagent-starter.js";
