import type { AgentDefinition, Diagnostic, Dialect } from "../domain/agent-definition.js";

/** What loading one agent file produced. `ok` is false exactly when there are errors (and then `agent` is null). */
export interface AgentFileReport {
  file: string;
  ok: boolean;
  dialect: Dialect;
  agent: AgentDefinition | null;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

/** The usable agents (one per name, later places overriding earlier ones) and a report for every file read. */
export interface AgentCatalog {
  agents: AgentDefinition[];
  files: AgentFileReport[];
}

/** One file to load and the place it came from ("builtin", ".claude/agents", ..., or "explicit"). */
export interface AgentSource {
  file: string;
  origin: string;
  /** The folder the place is rooted at; opencode names nested agents by their path below it. */
  root?: string;
}
