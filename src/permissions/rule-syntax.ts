import type { Capability, PermissionAction, PermissionRule } from "../domain/agent-definition.js";

/**
 * Claude Code's permission-rule tool names (also greenlight.json's and --allow's), by the capabilities a
 * rule on them covers. As in Claude Code, a rule on Edit covers every tool that changes files and a rule
 * on Read also covers searching and listing; greenlight reads Write the same as Edit.
 */
const RULE_TOOLS: Record<string, Capability[]> = {
  bash: ["bash"],
  read: ["read", "search", "glob"],
  edit: ["edit", "write"],
  write: ["write", "edit"],
  multiedit: ["edit", "write"],
  notebookedit: ["edit", "write"],
  grep: ["search"],
  glob: ["glob"],
  ls: ["glob"],
  webfetch: ["web"],
  websearch: ["web"],
  task: ["task"],
  agent: ["task"],
  todowrite: ["todo"],
};

const RULE = /^\s*([A-Za-z][\w-]*)\s*(?:\((.*)\))?\s*$/s;

export interface RuleSource {
  action: PermissionAction;
  source: string;
}

/** What went wrong reading a rule, said so the person can fix it. */
export class RuleSyntaxError extends Error {
  override readonly name = "RuleSyntaxError";
}

/** A specifier as a glob: Claude Code's `git push:*` prefix form becomes `git push *`; paths lose `./`. */
function patternOf(capability: Capability, specifier: string): string {
  if (capability === "bash") return specifier.replace(/:\*$/, " *").trim() || "*";
  if (capability === "web") return "*";
  return specifier.replace(/^\.\//, "").replace(/^\/(?!\/)/, "").replace(/^\/\//, "/") || "*";
}

/**
 * Parses one rule in Claude Code's form, `Tool` or `Tool(specifier)`: `Bash(git push:*)`,
 * `Edit(src/**)`, `Read(./.env)`, `WebFetch`. mcp__ tools are ruled as a whole. Throws RuleSyntaxError
 * naming what is wrong.
 */
export function parseRule(written: string, { action, source }: RuleSource): PermissionRule[] {
  const match = RULE.exec(written);
  if (!match) throw new RuleSyntaxError(`'${written}' is not a permission rule: expected Tool or Tool(specifier), e.g. Bash(git push:*) or Edit(src/**)`);
  const [, tool, specifier] = match;
  const capabilities = tool!.startsWith("mcp__") ? (["mcp"] as Capability[]) : RULE_TOOLS[tool!.toLowerCase()];
  if (!capabilities) {
    throw new RuleSyntaxError(`'${written}': greenlight has no tool '${tool}' to rule on; use Bash, Read, Edit, Write, Grep, Glob, WebFetch, Task or TodoWrite`);
  }
  const spec = specifier?.trim() ?? "";
  return capabilities.map((capability) => ({
    capability,
    pattern: spec === "" ? "*" : patternOf(capability, spec),
    action,
    starCrossesFolders: false,
    everyTool: false,
    written,
    source,
  }));
}

/** Whether a token is a scoped rule (`Bash(git log:*)`) rather than a bare tool name. */
export function isScopedRule(token: string): boolean {
  return /^[A-Za-z][\w-]*\(.*\)$/s.test(token.trim());
}

/** The rule a person writes to allow one call: `Bash(git push:*)` for a command's first two words, `Edit(path)` for a file. */
export function ruleToAllow(capability: Capability, subject: string | undefined): string {
  const tool = { bash: "Bash", read: "Read", write: "Edit", edit: "Edit", search: "Grep", glob: "Glob", web: "WebFetch", task: "Task", todo: "TodoWrite", mcp: "mcp__*" }[capability];
  if (!subject) return tool;
  if (capability === "bash") {
    const words = subject.trim().split(/\s+/).slice(0, 2).join(" ");
    return `Bash(${words}:*)`;
  }
  return `${tool}(${subject})`;
}
