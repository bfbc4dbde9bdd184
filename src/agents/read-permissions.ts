import type { AgentPermissions, Capability, PermissionRule, ToolSelection } from "../domain/agent-definition.js";
import { readOpencodePermissions } from "../permissions/opencode-permission.js";
import { isScopedRule, parseRule, RuleSyntaxError } from "../permissions/rule-syntax.js";
import { capabilitiesOfTool } from "./tool-vocabulary.js";
import { toolTokens } from "./tool-tokens.js";

const PLAN_DENIES: Capability[] = ["write", "edit", "bash"];

export interface PermissionsResult {
  permissions: AgentPermissions;
  warnings: { key: string; message: string }[];
}


/**
 * An agent file's own permissions: opencode's `permission` map, Claude Code's `Tool(specifier)` rules in
 * `tools` (allow; a tool listed only with specifiers is denied for everything else) and in
 * `disallowedTools` (deny), and its `permissionMode` (plan: no file changes and no shell; dontAsk: what
 * would ask is denied; bypassPermissions: what the file itself asks for is allowed).
 */
export function readAgentPermissions(data: Record<string, unknown>, tools: ToolSelection, file: string): PermissionsResult {
  const rules: PermissionRule[] = [];
  const warnings: PermissionsResult["warnings"] = [];
  for (const key of ["permission", "permissions"]) {
    if (data[key] === undefined || data[key] === null) continue;
    if (key === "permissions") warnings.push({ key, message: "permissions: opencode's key is 'permission' (opencode ignores 'permissions'); greenlight applies these rules as written" });
    const read = readOpencodePermissions(data[key], key, file);
    rules.push(...read.rules);
    warnings.push(...read.warnings.map((message) => ({ key, message })));
  }

  const scoped = (key: string, action: "allow" | "deny"): PermissionRule[] =>
    toolTokens(data[key])
      .filter(isScopedRule)
      .flatMap((token) => {
        try {
          return parseRule(token, { action, source: `${key} in ${file}` });
        } catch (error) {
          if (!(error instanceof RuleSyntaxError)) throw error;
          warnings.push({ key, message: `${key}: ${error.message}; not applied` });
          return [];
        }
      });
  const allowed = scoped("tools", "allow");
  const bare = new Set(tools.raw.filter((token) => !isScopedRule(token)).flatMap((token) => capabilitiesOfTool(token) ?? []));
  for (const capability of new Set(allowed.map((rule) => rule.capability))) {
    if (tools.mode === "all" || bare.has(capability)) continue;
    const only = allowed.filter((rule) => rule.capability === capability).map((rule) => rule.written);
    rules.push({ capability, pattern: "*", action: "deny", starCrossesFolders: false, everyTool: false, written: `only ${[...new Set(only)].join(", ")}`, source: `tools in ${file}` });
  }
  rules.push(...allowed, ...scoped("disallowedTools", "deny"));

  const mode = data["permissionMode"];
  if (mode === "plan") {
    for (const capability of PLAN_DENIES) {
      rules.push({ capability, pattern: "*", action: "deny", starCrossesFolders: false, everyTool: false, written: "permissionMode: plan (read-only)", source: `permissionMode in ${file}` });
    }
  }
  const onAsk = mode === "dontAsk" ? "deny" : mode === "bypassPermissions" ? "allow" : "ask";
  return { permissions: { rules, onAsk }, warnings };
}
