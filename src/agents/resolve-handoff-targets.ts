import { basename } from "node:path";
import type { AgentDefinition, Diagnostic } from "../domain/agent-definition.js";
import { repairedReadings } from "./mojibake.js";

/** A name reduced to what people mean by it: NFC, no case, spaces / dashes / underscores alike. */
function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase().replace(/[\s_-]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * Second pass over the loaded agents: each handoff target is looked up by agent name, then by file
 * name, tolerant of case, spacing and UTF-8 read as cp1252 or MacRoman. A resolved target is recorded
 * in `resolvedAgent`; an unresolved one is a warning for the file that names it.
 */
export function resolveHandoffTargets(agents: AgentDefinition[]): Map<AgentDefinition, Diagnostic[]> {
  const byName = new Map<string, string>();
  const byFile = new Map<string, string>();
  for (const agent of agents) {
    byName.set(nameKey(agent.name), agent.name);
    byFile.set(nameKey(basename(agent.source.file).replace(/(\.agent|\.chatmode)?\.md$/i, "")), agent.name);
  }
  const lookup = (target: string) => {
    for (const reading of [target, ...repairedReadings(target)]) {
      const key = nameKey(reading);
      const found = byName.get(key) ?? byFile.get(key);
      if (found) return found;
    }
    return undefined;
  };
  const warnings = new Map<AgentDefinition, Diagnostic[]>();
  for (const agent of agents) {
    for (const handoff of agent.handoffs) {
      const found = lookup(handoff.agent);
      if (found) handoff.resolvedAgent = found;
      else {
        delete handoff.resolvedAgent;
        const list = warnings.get(agent) ?? [];
        list.push({ message: `handoffs: no agent named '${handoff.agent}' (button '${handoff.label}'); the handoff will not be offered` });
        warnings.set(agent, list);
      }
    }
  }
  return warnings;
}
