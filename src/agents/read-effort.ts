import { EFFORT_LEVELS, type Effort } from "../domain/reasoning.js";

/** opencode passes OpenAI's names through; "minimal" is the lowest level there is. */
const ALIASES: Record<string, Effort> = { minimal: "low" };

/**
 * The effort an agent file asks for: Claude Code's `effort`, opencode's `reasoningEffort` (top level or
 * under `options`). A value that names no level is warned about and ignored.
 */
export function readEffort(data: Record<string, unknown>): { effort?: Effort; key: string; warning?: string } {
  const options = typeof data["options"] === "object" && data["options"] !== null ? (data["options"] as Record<string, unknown>) : {};
  const found = (
    [
      ["effort", data["effort"]],
      ["reasoningEffort", data["reasoningEffort"]],
      ["options", options["reasoningEffort"]],
    ] as const
  ).find(([, value]) => value !== undefined && value !== null);
  if (!found) return { key: "effort" };
  const [key, value] = found;
  const written = typeof value === "string" ? value.trim().toLowerCase() : "";
  const effort = (EFFORT_LEVELS as readonly string[]).includes(written) ? (written as Effort) : ALIASES[written];
  if (effort) return { effort, key };
  return { key, warning: `${key === "options" ? "options.reasoningEffort" : key}: expected one of ${EFFORT_LEVELS.join(", ")}, got ${JSON.stringify(value)}; the model's default effort is used` };
}
