export type { AgentCatalog, AgentFileReport, AgentSource } from "./agent-catalog.js";
export { loadAgents, loadAgentSources, type LoadAgentsOptions } from "./load-agents.js";
export { loadAgentFile, parseAgentFile } from "./load-agent-file.js";
export { resolveModel, type ModelResolution } from "./resolve-model.js";
export { DEFAULT_MODEL, CURRENT_MODELS, LATEST_IN_FAMILY } from "./model-catalog.js";
export { chooseModel, type ModelChoice } from "./choose-model.js";
