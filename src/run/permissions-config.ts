import { z } from "zod";
import type { PermissionAction, PermissionRule } from "../domain/agent-definition.js";
import { parseRule, RuleSyntaxError } from "../permissions/rule-syntax.js";

/** greenlight.json `permissions`: the team's rules in Claude Code's `Tool(specifier)` form, merged with every agent's. */
export const permissionsConfigSchema = z
  .object({ allow: z.array(z.string().min(1)), ask: z.array(z.string().min(1)), deny: z.array(z.string().min(1)) })
  .partial()
  .strict();
export type PermissionsConfig = z.infer<typeof permissionsConfigSchema>;

/** The rules the project's people set: the team's from greenlight.json and the run's `--allow` flags. */
export interface PeopleRules {
  team: PermissionRule[];
  granted: PermissionRule[];
}

function parseAll(written: readonly string[], action: PermissionAction, source: string, where: string): PermissionRule[] {
  return written.flatMap((rule) => {
    try {
      return parseRule(rule, { action, source });
    } catch (error) {
      if (error instanceof RuleSyntaxError) throw new RuleSyntaxError(`${where}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * Reads the team's rules (from `configFile`) and the `--allow` flags; throws RuleSyntaxError naming the
 * file, the key and the rule that does not parse.
 */
export function peopleRules(config: PermissionsConfig | undefined, allowFlags: readonly string[], configFile: string): PeopleRules {
  const team = (["allow", "ask", "deny"] as const).flatMap((action) =>
    parseAll(config?.[action] ?? [], action, `greenlight.json permissions.${action}`, `${configFile}: permissions.${action}`),
  );
  return { team, granted: parseAll(allowFlags, "allow", "--allow", "--allow") };
}
