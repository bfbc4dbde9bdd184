import { ConfigError } from "../../domain/config-error.js";
import type { DeepReadonly } from "../../domain/deep-readonly.js";
import type { TraceRow } from "../../domain/traceability.js";

/**
 * A run one requirement at a time works in the project folder; a requirement a parallel run left in its
 * worktree has its work on its branch, not there. Taking it up in the project would start it over beside
 * that work, so a sequential run refuses and says how to go on.
 */
export function refuseLanesInProgress(rows: readonly DeepReadonly<TraceRow>[]): void {
  const open = rows.filter((row) => row.integration !== undefined && row.integration.state !== "integrated" && row.status !== "removed");
  if (open.length === 0) return;
  const named = open.map((row) => `${row.id} (${row.integration!.branch})`).join(", ");
  throw new ConfigError(
    `${named} ${open.length === 1 ? "was" : "were"} left in ${open.length === 1 ? "its worktree" : "their worktrees"} by a parallel run: continue with greenlight run --parallel N (N > 1), which picks up each from its branch`,
  );
}
