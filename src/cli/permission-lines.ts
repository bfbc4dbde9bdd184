import type { AgentDefinition, PermissionRule } from "../domain/agent-definition.js";
import { offeredTools } from "../permissions/offered-tools.js";
import { wholeDenial } from "../permissions/decide.js";
import { CAPABILITY_LIST } from "../permissions/capability-list.js";

const ON_ASK = {
  ask: "an \"ask\" waits for the person in the workspace and is refused headless",
  deny: "an \"ask\" of its own is refused (permissionMode: dontAsk)",
  allow: "an \"ask\" of its own is allowed (permissionMode: bypassPermissions); greenlight.json still applies",
};

/** One line per rule as written (a rule covering several capabilities is listed once). */
function ruleLines(rules: readonly PermissionRule[]): string[] {
  const grouped = new Map<string, { rule: PermissionRule; capabilities: string[] }>();
  for (const rule of rules) {
    const key = `${rule.source}\u0000${rule.written}\u0000${rule.pattern}\u0000${rule.action}`;
    const entry = grouped.get(key) ?? { rule, capabilities: [] };
    entry.capabilities.push(rule.capability);
    grouped.set(key, entry);
  }
  return [...grouped.values()].map(({ rule, capabilities }) => {
    const on = rule.everyTool ? "every tool" : capabilities.join(",");
    return `  ${rule.action.padEnd(5)} ${on} ${rule.pattern === "*" ? "(every use)" : `"${rule.pattern}"`}  <- ${rule.written} (${rule.source})`;
  });
}

/** What `agents show` prints about an agent's effective permissions, its own rules merged with the team's. */
export function permissionLines(agent: AgentDefinition, team: readonly PermissionRule[]): string[] {
  const layers = { agent: agent.permissions, team };
  const offered = offeredTools(agent.tools, layers);
  const denials = CAPABILITY_LIST.flatMap((capability) => {
    const rule = wholeDenial(layers, capability);
    return rule ? [`  not offered: ${capability} (every use denied by ${rule.written}, ${rule.source})`] : [];
  });
  const rules = [...agent.permissions.rules, ...team];
  return [
    `permissions: ${rules.length === 0 ? "no rules: every call of an offered tool runs" : "a deny (the agent's or greenlight.json's) wins; otherwise the most specific matching rule of each decides"}`,
    ...ruleLines(agent.permissions.rules),
    ...ruleLines(team),
    `  ${ON_ASK[agent.permissions.onAsk]}`,
    `tools offered: ${offered.mode === "none" ? "none" : offered.mode === "all" ? "all" : offered.capabilities.join(", ") || "none"}`,
    ...denials,
  ];
}
