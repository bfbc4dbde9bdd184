import type { RunEventBody } from "./events.js";
import type { Integration } from "./traceability.js";

/** git's default abbreviation of a commit: enough to find it with `git show` in a project's history. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/**
 * One integration attempt in words, for the workspace and headless lines alike (the caller names the
 * requirement): `integrated into main at abc1234`, `conflict in src/a.ts`, `failed: test/a.test.js`.
 */
export function integrationText(event: Extract<RunEventBody, { type: "integration_finished" }>): string {
  switch (event.outcome) {
    case "integrated":
      return `integrated${event.into ? ` into ${event.into}` : ""}${event.commit ? ` at ${shortCommit(event.commit)}` : ""}`;
    case "conflict":
      return `conflict in ${event.files.join(", ") || "files git did not name"}: ${event.summary}`;
    case "failed":
      return `failed: ${event.tests.join(", ") || event.summary}`;
  }
}

/** Where a matrix row's integration stands, short: `integrated abc1234`, `queued`, `sent back`, `blocked`. */
export function integrationLabel(integration: Pick<Integration, "state" | "commit">): string {
  if (integration.state === "integrated") return `integrated${integration.commit ? ` ${shortCommit(integration.commit)}` : ""}`;
  return integration.state.replace("_", " ");
}
