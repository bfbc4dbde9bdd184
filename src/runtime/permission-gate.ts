import { isAbsolute, relative, resolve } from "node:path";
import type { AgentDefinition, Capability, PermissionRule } from "../domain/agent-definition.js";
import type { AgentEvent } from "../domain/events.js";
import { decide, type PermissionDecision, type PermissionSubject } from "../permissions/decide.js";
import { ruleToAllow } from "../permissions/rule-syntax.js";
import type { Tool } from "../tools/tool.js";

/** A call that waits for the person: what it runs or touches, why the agent wants it, and the rules that ask. */
export interface PermissionRequest {
  agent: string;
  tool: string;
  subject: string;
  reason: string;
  rules: string[];
}

export type PersonAnswer = { kind: "allow"; scope: "once" | "session" } | { kind: "deny"; note: string };

export interface PermissionGateOptions {
  agent: AgentDefinition;
  projectDir: string;
  /** The team's rules from greenlight.json. */
  team?: readonly PermissionRule[];
  /** Rules the person allowed before the run (`--allow`). */
  granted?: readonly PermissionRule[];
  /** Asks the person at the workspace; absent when no one is there, and then an "ask" is denied. */
  askPerson?: (request: PermissionRequest, signal: AbortSignal) => Promise<PersonAnswer | undefined>;
}

export interface GateVerdict {
  allowed: boolean;
  /** What the model sees when the call is refused. */
  message?: string;
  summary?: string;
  event?: AgentEvent;
}

export interface PermissionCall {
  tool: Tool;
  input: unknown;
  toolUseId: string;
  /** What the agent said before the call, shown to the person as its reason. */
  reason: string;
}

/** Decides each call of one session before it runs; what the person allows for the session lasts as long as the gate. */
export interface PermissionGate {
  check(call: PermissionCall, signal: AbortSignal): Promise<GateVerdict>;
}

const PATH_TOOLS = new Set<Capability>(["read", "write", "edit", "search", "glob"]);

function subjectOf(capability: Capability, input: Record<string, unknown>, projectDir: string): { subject: PermissionSubject; shown: string } {
  if (capability === "bash" && typeof input["command"] === "string") return { subject: { kind: "command", command: input["command"] }, shown: input["command"] };
  const written = typeof input["file_path"] === "string" ? input["file_path"] : typeof input["path"] === "string" ? input["path"] : undefined;
  if (!PATH_TOOLS.has(capability) || written === undefined) return { subject: { kind: "none" }, shown: "" };
  const absolute = isAbsolute(written) ? written : resolve(projectDir, written);
  const inside = relative(projectDir, absolute).replaceAll("\\", "/") || ".";
  return { subject: { kind: "path", paths: [inside, absolute] }, shown: inside };
}

const ruleText = (rule: PermissionRule) => `${rule.written} (${rule.source})`;

function refusal(tool: string, shown: string, decision: PermissionDecision): string {
  const rule = decision.rules[0];
  const what = `${tool}${shown ? ` ${shown}` : ""}`;
  const part = decision.part ? ` (the part \`${decision.part}\`)` : "";
  const doubt = decision.doubt ? ` greenlight cannot tell exactly what this line runs (${decision.doubt}), so the most restrictive rule applies.` : "";
  return `Permission denied: ${what}${part} is refused by the rule ${rule ? ruleText(rule) : "(none)"}.${doubt} Nothing of it was run. Do not try to get around the rule; do the task another way or say what you need.`;
}

function noPerson(tool: string, shown: string, decision: PermissionDecision, allow: string): string {
  const rules = decision.rules.map(ruleText).join("; ");
  return [
    `Permission denied: ${tool}${shown ? ` ${shown}` : ""} needs a person's permission (${rules}) and no one is at the workspace to give it. Nothing was run.`,
    `A person can allow it with --allow '${allow}' on greenlight run or greenlight agent, or with "permissions": {"allow": ["${allow}"]} in greenlight.json.`,
  ].join("\n");
}

/** The permission check of one session: the agent's rules, the team's, and the person's answers. */
export function createPermissionGate(options: PermissionGateOptions): PermissionGate {
  const sessionGrants: PermissionRule[] = [];
  const agent = options.agent.name;
  return {
    async check(call, signal) {
      const capability = call.tool.capability;
      if (capability === undefined) return { allowed: true };
      const { subject, shown } = subjectOf(capability, (call.input ?? {}) as Record<string, unknown>, options.projectDir);
      const layers = { agent: options.agent.permissions, team: options.team ?? [], granted: [...(options.granted ?? []), ...sessionGrants] };
      const decision = decide(layers, capability, subject);
      const base = { type: "permission_decided" as const, agent, toolUseId: call.toolUseId, tool: call.tool.name, subject: shown };
      const rule = decision.rules[0];
      const by = rule && sessionGrants.includes(rule) ? "session" : "rule";
      if (decision.action === "allow") return { allowed: true, ...(rule ? { event: { ...base, decision: "allow", by, rule: ruleText(rule) } } : {}) };
      if (decision.action === "deny") {
        return { allowed: false, message: refusal(call.tool.name, shown, decision), summary: `denied by ${rule?.written ?? "a rule"}`, event: { ...base, decision: "deny", by: "rule", ...(rule ? { rule: ruleText(rule) } : {}) } };
      }
      const rules = decision.rules.map(ruleText);
      if (!options.askPerson) {
        const allowWith = ruleToAllow(capability, decision.part ?? shown);
        const event = { ...base, decision: "deny" as const, by: "no_person" as const, rule: rules.join("; "), allowWith };
        return { allowed: false, message: noPerson(call.tool.name, shown, decision, allowWith), summary: "denied: needs a person's permission", event };
      }
      const answer = await options.askPerson({ agent, tool: call.tool.name, subject: shown, reason: call.reason, rules }, signal);
      if (!answer) return { allowed: false, message: "Not run: the session was stopped before the person answered.", summary: "not run: stopped", event: { ...base, decision: "deny", by: "person", note: "stopped before an answer" } };
      if (answer.kind === "deny") {
        const note = answer.note.trim();
        return { allowed: false, message: `Permission denied by the person: ${call.tool.name} ${shown} was not run.${note ? ` Their note: ${note}` : ""}`, summary: "denied by the person", event: { ...base, decision: "deny", by: "person", ...(note ? { note } : {}) } };
      }
      if (answer.scope === "session") {
        for (const asked of decision.rules) sessionGrants.push({ ...asked, action: "allow", source: `allowed for this session by the person (${asked.source})` });
      }
      return { allowed: true, event: { ...base, decision: "allow", by: "person", rule: rules.join("; ") } };
    },
  };
}
