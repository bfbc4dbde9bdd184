import { relative } from "node:path";
import type { AgentDefinition } from "../domain/agent-definition.js";
import type { AgentCatalog, AgentFileReport, AgentSource } from "./agent-catalog.js";
import { discoverAgentFiles, explicitAgentFiles } from "./discover-agent-files.js";
import { loadAgentFile } from "./load-agent-file.js";
import { resolveHandoffTargets } from "./resolve-handoff-targets.js";

/** Files read in parallel: enough to overlap I/O, few enough to stay far from the open-file limit. */
const OPEN_AT_ONCE = 32;

export interface LoadAgentsOptions {
  projectDir: string;
  builtinDir: string;
  explicitPaths?: string[];
  workspaceModel?: string;
  /** Skip the builtin and project places and load only the explicit paths (as `agents lint PATH` does). */
  explicitOnly?: boolean;
  /** The MCP servers the project configures: MCP tools naming no such server get a warning. */
  mcpServers?: readonly string[];
}

/**
 * Loads every agent greenlight can use: builtin, then the project's places, then explicit paths. Never
 * throws for a bad file; each file gets a report. A later same-name agent overrides an earlier one, with
 * a warning naming both files.
 */
export async function loadAgents(options: LoadAgentsOptions): Promise<AgentCatalog> {
  const explicit = await explicitAgentFiles(options.explicitPaths ?? []);
  const sources = options.explicitOnly ? explicit : [...(await discoverAgentFiles(options.projectDir, options.builtinDir)), ...explicit];
  return loadAgentSources(sources, options.projectDir, options.workspaceModel, options.mcpServers);
}

/** Loads the given files in order and combines them into a catalog. */
export async function loadAgentSources(sources: AgentSource[], projectDir: string, workspaceModel?: string, mcpServers?: readonly string[]): Promise<AgentCatalog> {
  const files: AgentFileReport[] = [];
  for (let start = 0; start < sources.length; start += OPEN_AT_ONCE) {
    const batch = sources.slice(start, start + OPEN_AT_ONCE);
    files.push(...(await Promise.all(batch.map((source) => loadAgentFile(source, workspaceModel, mcpServers)))));
  }
  const winners = new Map<string, { agent: AgentDefinition; report: AgentFileReport }>();
  const shown = (file: string) => relative(projectDir, file) || file;
  for (const report of files) {
    const agent = report.agent;
    if (!agent) continue;
    const earlier = winners.get(agent.name);
    if (earlier) {
      const place = earlier.agent.source.origin === agent.source.origin ? `also in ${agent.source.origin}` : `overrides ${earlier.agent.source.origin}`;
      const message = `agent '${agent.name}' is defined in ${shown(earlier.agent.source.file)} and ${shown(agent.source.file)} (${place}); using ${shown(agent.source.file)}`;
      report.warnings.push({ message });
      earlier.report.warnings.push({ message });
    }
    winners.set(agent.name, { agent, report });
  }
  const agents = [...winners.values()].map(({ agent }) => agent);
  const handoffWarnings = resolveHandoffTargets(agents);
  for (const { agent, report } of winners.values()) report.warnings.push(...(handoffWarnings.get(agent) ?? []));
  return { agents, files };
}
