import type { AgentPermissions, Capability, PermissionAction, PermissionRule } from "../domain/agent-definition.js";
import { globToRegExp, literalLength, type GlobKind } from "./glob-pattern.js";
import { splitCommand } from "./split-command.js";

/** What one call is about: the command line it runs, the file it touches, or nothing to tell apart. */
export type PermissionSubject = { kind: "command"; command: string } | { kind: "path"; paths: string[] } | { kind: "none" };

/**
 * Where rules come from. The agent's file and the team's greenlight.json may allow, ask or deny; a deny
 * in either wins. Grants (`--allow`, and what the person allowed for the session) and the team's allow
 * rules answer an "ask" in advance; nothing answers a deny.
 */
export interface PermissionLayers {
  agent: AgentPermissions;
  team: readonly PermissionRule[];
  granted: readonly PermissionRule[];
}

export interface PermissionDecision {
  action: PermissionAction;
  /** The rules that decided (for an ask: every rule that asked); none when no rule applies. */
  rules: PermissionRule[];
  /** The part of a compound command that decided, when it is not the whole line. */
  part?: string;
  /** Why the line could not be read with certainty (the most restrictive rule then applied). */
  doubt?: string;
}

const SEVERITY: Record<PermissionAction, number> = { allow: 0, ask: 1, deny: 2 };

function globKind(rule: PermissionRule): GlobKind {
  return rule.capability === "bash" ? "command" : { path: true, starCrossesFolders: rule.starCrossesFolders };
}

const specificity = (rule: PermissionRule) => (rule.everyTool ? -1 : literalLength(rule.pattern));

function matches(rule: PermissionRule, candidates: readonly string[] | null): boolean {
  if (rule.pattern === "*") return true;
  if (!candidates) return false;
  const pattern = globToRegExp(rule.pattern, globKind(rule));
  return candidates.some((candidate) => pattern.test(candidate));
}

/** The most specific matching rule of one source; on a tie the later one, as opencode reads its maps. */
function bestRule(rules: readonly PermissionRule[], capability: Capability, candidates: readonly string[] | null): PermissionRule | undefined {
  let best: PermissionRule | undefined;
  for (const rule of rules) {
    if (rule.capability !== capability || !matches(rule, candidates)) continue;
    if (!best || specificity(rule) >= specificity(best)) best = rule;
  }
  return best;
}

function mostRestrictive(rules: readonly PermissionRule[], capability: Capability): PermissionRule | undefined {
  let worst: PermissionRule | undefined;
  for (const rule of rules) {
    if (rule.capability === capability && (!worst || SEVERITY[rule.action] > SEVERITY[worst.action])) worst = rule;
  }
  return worst;
}

function decidePart(layers: PermissionLayers, capability: Capability, candidates: readonly string[] | null, doubtful: boolean): PermissionDecision {
  const pick = (rules: readonly PermissionRule[]) => (doubtful ? mostRestrictive(rules, capability) : bestRule(rules, capability, candidates));
  const agent = pick(layers.agent.rules);
  const team = pick(layers.team);
  const granted = doubtful ? undefined : bestRule(layers.granted, capability, candidates);
  if (agent?.action === "deny") return { action: "deny", rules: [agent] };
  if (team?.action === "deny") return { action: "deny", rules: [team] };
  if (granted?.action === "allow") return { action: "allow", rules: [granted] };
  if (team?.action === "allow") return { action: "allow", rules: [team] };
  const asking = [agent, team].filter((rule): rule is PermissionRule => rule?.action === "ask");
  if (agent?.action === "ask" && layers.agent.onAsk !== "ask") {
    if (layers.agent.onAsk === "deny" || team?.action !== "ask") return { action: layers.agent.onAsk, rules: [agent] };
    return { action: "ask", rules: [team] };
  }
  if (asking.length > 0) return { action: "ask", rules: asking };
  return { action: "allow", rules: agent ? [agent] : [] };
}

/**
 * Decides one call. A compound command is decided part by part and the most restrictive part decides,
 * so a refusal never lets any part run; a line greenlight cannot read with certainty gets the most
 * restrictive rule of each source.
 */
export function decide(layers: PermissionLayers, capability: Capability, subject: PermissionSubject): PermissionDecision {
  if (subject.kind === "path") return decidePart(layers, capability, subject.paths, false);
  if (subject.kind === "none") return decidePart(layers, capability, null, false);
  const split = splitCommand(subject.command);
  const decisions = split.parts.map((part) => ({ ...decidePart(layers, capability, [part], false), part }));
  if (split.doubt) decisions.push({ ...decidePart(layers, capability, null, true), part: subject.command.trim(), doubt: split.doubt });
  let worst = decisions[0] ?? { ...decidePart(layers, capability, [""], false) };
  for (const decision of decisions) if (SEVERITY[decision.action] > SEVERITY[worst.action]) worst = decision;
  if (worst.action === "ask") {
    const asking = decisions.filter((decision) => decision.action === "ask").flatMap((decision) => decision.rules);
    worst = { ...worst, rules: [...new Set(asking)] };
  }
  if (worst.part === subject.command.trim()) delete worst.part;
  return worst;
}

/** Whether a source denies every use of a capability: its best catch-all denies and nothing narrower differs. */
function sourceDeniesAll(rules: readonly PermissionRule[], capability: Capability): PermissionRule | undefined {
  const catchAll = bestRule(rules.filter((rule) => rule.pattern === "*"), capability, null);
  if (catchAll?.action !== "deny") return undefined;
  const exception = rules.some((rule) => rule.capability === capability && rule.pattern !== "*" && rule.action !== "deny");
  return exception ? undefined : catchAll;
}

/** The rule that denies every use of a capability, if one does: such a tool is not offered at all. */
export function wholeDenial(layers: Pick<PermissionLayers, "agent" | "team">, capability: Capability): PermissionRule | undefined {
  return sourceDeniesAll(layers.agent.rules, capability) ?? sourceDeniesAll(layers.team, capability);
}
