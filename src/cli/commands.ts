import type { Command } from "./command.js";

/**
 * The command table. Each command loads lazily so that, for example, `greenlight agents` never pays for
 * the TUI or the Anthropic SDK.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  init: { summary: "set a project up: greenlight.json, SPEC.md, .gitignore", load: () => import("./init-command.js") },
  doctor: { summary: "check this machine and project before a run", load: () => import("./doctor-command.js") },
  agents: { summary: "list, show and lint agent definitions", load: () => import("./agents-command.js") },
  agent: { summary: "run one agent once on a prompt", load: () => import("./agent-command.js") },
  plan: { summary: "import requirements from a spec file", load: () => import("./plan-command.js") },
  tasks: { summary: "show the task list", load: () => import("./tasks-command.js") },
  matrix: { summary: "show the traceability matrix", load: () => import("./matrix-command.js") },
  report: { summary: "write the evidence as one self-contained HTML file", load: () => import("./report-command.js") },
  run: { summary: "take every requirement through tests, implementation and review", load: () => import("./run-command.js") },
  verify: { summary: "re-prove the approved requirements on the code as it is now", load: () => import("./verify-command.js") },
  demo: { summary: "run the offline demo on a copy of the example project", load: () => import("./demo-command.js") },
};
