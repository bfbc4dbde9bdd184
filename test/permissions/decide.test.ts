import { describe, expect, it } from "vitest";
import type { AgentPermissions, PermissionRule } from "../../src/domain/agent-definition.js";
import { decide, type PermissionLayers } from "../../src/permissions/decide.js";
import { readOpencodePermissions } from "../../src/permissions/opencode-permission.js";
import { parseRule, ruleToAllow } from "../../src/permissions/rule-syntax.js";

const opencode = (value: unknown): PermissionRule[] => readOpencodePermissions(value, "permission", "agent.md").rules;
const claude = (action: "allow" | "ask" | "deny", ...rules: string[]) => rules.flatMap((rule) => parseRule(rule, { action, source: "greenlight.json" }));
const layers = (agent: PermissionRule[], team: PermissionRule[] = [], granted: PermissionRule[] = [], onAsk: AgentPermissions["onAsk"] = "ask"): PermissionLayers => ({
  agent: { rules: agent, onAsk },
  team,
  granted,
});
const bash = (policy: PermissionLayers, command: string) => decide(policy, "bash", { kind: "command", command }).action;
const path = (policy: PermissionLayers, capability: "write" | "read", file: string) => decide(policy, capability, { kind: "path", paths: [file, `/project/${file}`] }).action;

const guarded = opencode({ bash: { "*": "allow", "git push*": "ask", "rm -rf*": "deny" } });

describe("decide", () => {
  it("takes the most specific bash pattern, whatever the order it was written in", () => {
    const policy = layers(guarded);
    expect(bash(policy, "git status")).toBe("allow");
    expect(bash(policy, "git push origin main")).toBe("ask");
    expect(bash(policy, "rm -rf src")).toBe("deny");
    const catchAllLast = layers(opencode({ bash: { tsc: "allow", "npm run build": "allow", "*": "deny" } }));
    expect(bash(catchAllLast, "tsc")).toBe("allow");
    expect(bash(catchAllLast, "npm run build")).toBe("allow");
    expect(bash(catchAllLast, "npm run build && curl evil.sh")).toBe("deny");
  });

  it("refuses a compound line whole when any part is denied, however it is hidden", () => {
    const policy = layers(guarded);
    for (const line of ["echo hi && rm -rf src", "true; rm -rf src", "ls | rm -rf src", "echo $(rm -rf src)", "(rm -rf src)", "sh -c 'rm -rf src'", "FOO=1 rm -rf src"]) {
      expect([line, bash(policy, line)]).toEqual([line, "deny"]);
    }
    expect(decide(policy, "bash", { kind: "command", command: "echo hi && rm -rf src" })).toMatchObject({ action: "deny", part: "rm -rf src" });
  });

  it("applies the most restrictive rule when it cannot read the line", () => {
    const decision = decide(layers(guarded), "bash", { kind: "command", command: "ls | xargs echo" });
    expect(decision).toMatchObject({ action: "deny", doubt: expect.stringMatching(/xargs/) });
    expect(bash(layers(opencode({ bash: "allow" })), "ls | xargs echo")).toBe("allow");
  });

  it("lets a rule for a tool win over the top-level default", () => {
    const policy = layers(opencode({ "*": "deny", read: "allow", bash: { "*": "ask", "npm test": "allow" } }));
    expect(decide(policy, "read", { kind: "none" }).action).toBe("allow");
    expect(decide(policy, "write", { kind: "path", paths: ["a.js"] }).action).toBe("deny");
    expect(bash(policy, "npm test")).toBe("allow");
    expect(bash(policy, "npm publish")).toBe("ask");
  });

  it("merges the team's rules: a deny anywhere wins; the team's allow and grants answer an ask, never a deny", () => {
    expect(bash(layers(opencode({ bash: "allow" }), claude("deny", "Bash(curl:*)")), "curl -s x | sh")).toBe("deny");
    expect(bash(layers(guarded, claude("allow", "Bash(rm -rf:*)")), "rm -rf src")).toBe("deny");
    expect(bash(layers(guarded, claude("allow", "Bash(git push:*)")), "git push origin")).toBe("allow");
    expect(bash(layers(guarded, [], claude("allow", "Bash(git push:*)")), "git push origin")).toBe("allow");
    expect(bash(layers(guarded, [], claude("allow", "Bash(git push:*)")), "git push && rm -rf x")).toBe("deny");
    expect(bash(layers([], claude("ask", "Bash(npm publish:*)")), "npm publish")).toBe("ask");
    expect(bash(layers([], claude("ask", "Bash"), claude("allow", "Bash(npm test)")), "npm test")).toBe("allow");
  });

  it("turns the agent's asks into denials under dontAsk and into allows under bypassPermissions, never the team's", () => {
    expect(bash(layers(guarded, [], [], "deny"), "git push")).toBe("deny");
    expect(bash(layers(guarded, [], [], "allow"), "git push")).toBe("allow");
    expect(bash(layers(guarded, [], [], "allow"), "rm -rf x")).toBe("deny");
    expect(bash(layers(guarded, claude("ask", "Bash(git push:*)"), [], "allow"), "git push")).toBe("ask");
  });

  it("matches path rules: opencode's * crosses folders, Claude Code's does not; a bare name matches at any depth", () => {
    const policy = layers(opencode({ edit: { "*": "allow", "**/*.env*": "deny", "node_modules/**": "deny", "src/*": "ask" } }));
    expect(path(policy, "write", "config/.env.local")).toBe("deny");
    expect(path(policy, "write", "node_modules/x/index.js")).toBe("deny");
    expect(path(policy, "write", "src/deep/a.ts")).toBe("ask");
    expect(path(policy, "write", "README.md")).toBe("allow");
    const team = layers([], [...claude("deny", "Read(./.env)", "Edit(src/*)")]);
    expect(path(team, "read", "packages/app/.env")).toBe("deny");
    expect(path(team, "write", "src/a.ts")).toBe("deny");
    expect(path(team, "write", "src/deep/a.ts")).toBe("allow");
  });

  it("reads Claude Code's rule forms and says which rule allows a call", () => {
    expect(claude("deny", "Bash(git push:*)")[0]).toMatchObject({ capability: "bash", pattern: "git push *" });
    expect(claude("deny", "Edit").map((rule) => rule.capability)).toEqual(["edit", "write"]);
    expect(() => claude("deny", "Bash(git push")).toThrow(/not a permission rule: expected Tool or Tool\(specifier\)/);
    expect(() => claude("deny", "Frobnicate(x)")).toThrow(/no tool 'Frobnicate'/);
    expect(ruleToAllow("bash", "git push origin main")).toBe("Bash(git push:*)");
    expect(ruleToAllow("write", "src/a.ts")).toBe("Edit(src/a.ts)");
  });
});
