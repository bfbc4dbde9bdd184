import type { RunEventBody } from "./events.js";
import type { Integration } from "./traceability.js";

/**
 * One integration attempt in words, for the workspace and headless lines alike (the caller names the
 * requirement): `integrated into main at abc1234`, `conflict in src/a.ts`, `failed: test/a.test.js`.
 */
export function integrationText(event: Extract<RunEventBody, { type: "integration_finished" }>): string {
  switch (event.outcome) {
    case "integrated":
      return `integrated${event.into ? ` into ${event.into}` : ""}${event.commit ? ` at ${event.commit.slice(0, 7)}` : ""}`;
    case "conflict":
      return `conflict in ${event.files.join(", ") || "files git did not name"}: ${event.summary}`;
    case "failed":
      return `failed: ${event.tests.join(", ") || event.summary}`;
  }
}

/** Where a matrix row's integration stands, short: `integrated abc1234`, `queued`, `sent back`, `blocked`. */
export function integrationLabel(integration: Pick<Integration, "state" | "commit">): string {
  if (integration.state === "integrated") return `integrated${integration.commit ? ` ${integration.commit.slice(0, 7)}` : ""}`;
  return integration.state.replace("_", " ");
}
