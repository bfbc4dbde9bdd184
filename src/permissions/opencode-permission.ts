import type { Capability, PermissionAction, PermissionRule } from "../domain/agent-definition.js";
import { CAPABILITY_LIST } from "./capability-list.js";

/** opencode's permission keys, by the greenlight capabilities they rule on. */
const KEYS: Record<string, Capability[]> = {
  read: ["read"],
  edit: ["edit", "write"],
  write: ["edit", "write"],
  patch: ["edit", "write"],
  multiedit: ["edit", "write"],
  glob: ["glob"],
  list: ["glob"],
  grep: ["search"],
  lsp: ["search"],
  codesearch: ["search"],
  bash: ["bash"],
  task: ["task"],
  todowrite: ["todo"],
  todoread: ["todo"],
  webfetch: ["web"],
  websearch: ["web"],
};

/** opencode keys greenlight has no counterpart for, and what happens here instead. */
const NOT_HERE: Record<string, string> = {
  external_directory: "greenlight's tools never reach outside the project",
  doom_loop: "greenlight stops a session that repeats the same call 3 times",
  skill: "greenlight has no skills",
  question: "AskHuman is given when a person can answer",
};

const ACTIONS = new Set(["allow", "ask", "deny"]);
const WITH_PATTERNS = new Set<Capability>(["bash", "read", "edit", "write", "glob", "search"]);

export interface OpencodePermissions {
  rules: PermissionRule[];
  warnings: string[];
}

/**
 * Reads opencode's `permission` value: one action for everything, or a map of keys (and the `"*"`
 * default) to an action or to a `{pattern: action}` map. Rules keep their written order; the decision
 * takes the most specific match, the later one on a tie.
 */
export function readOpencodePermissions(value: unknown, key: string, file: string): OpencodePermissions {
  const rules: PermissionRule[] = [];
  const warnings: string[] = [];
  const source = (name: string) => `${key}${name ? `.${name}` : ""} in ${file}`;
  const add = (capabilities: readonly Capability[], pattern: string, action: unknown, name: string, everyTool: boolean) => {
    if (typeof action !== "string" || !ACTIONS.has(action)) {
      warnings.push(`${key}: ${name ? `'${name}'` : "the value"}${pattern === "*" ? "" : ` "${pattern}"`} must be allow, ask or deny, got ${JSON.stringify(action)}; ignored`);
      return;
    }
    const written = name === "" ? `${key}: ${action}` : everyTool ? `"*": ${action}` : pattern === "*" ? `${name}: ${action}` : `${name} "${pattern}": ${action}`;
    for (const capability of capabilities) {
      rules.push({ capability, pattern, action: action as PermissionAction, starCrossesFolders: true, everyTool, written, source: source(name) });
    }
  };
  if (typeof value === "string") {
    add(CAPABILITY_LIST, "*", value, "", true);
    return { rules, warnings };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    warnings.push(`${key}: expected allow, ask, deny or a map of tools to those, got ${JSON.stringify(value)}; ignored`);
    return { rules, warnings };
  }
  for (const [name, setting] of Object.entries(value as Record<string, unknown>)) {
    if (name === "*") {
      add(CAPABILITY_LIST, "*", setting, "*", true);
      continue;
    }
    const capabilities = KEYS[name];
    if (!capabilities) {
      const instead = NOT_HERE[name];
      warnings.push(`${key}.${name}: ${instead ? `not applied: ${instead}` : "greenlight has no such tool; not applied"}`);
      continue;
    }
    if (setting === null || typeof setting !== "object" || Array.isArray(setting)) {
      add(capabilities, "*", setting, name, false);
      continue;
    }
    for (const [pattern, action] of Object.entries(setting as Record<string, unknown>)) {
      if (pattern !== "*" && !capabilities.some((capability) => WITH_PATTERNS.has(capability))) {
        warnings.push(`${key}.${name}: the pattern "${pattern}" is not applied (greenlight rules on ${name} as a whole; only "*" applies)`);
        continue;
      }
      add(capabilities, pattern, action, name, false);
    }
  }
  return { rules, warnings };
}
