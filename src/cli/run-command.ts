import { basename, resolve } from "node:path";
import type { EventBus } from "../events/event-bus.js";
import { RunController } from "../orchestrator/run-controller.js";
import { ConfigError, resolveRunConfig } from "../orchestrator/config.js";
import { startRun, type PersonAtWorkspace } from "../orchestrator/start-run.js";
import { attachHeadlessReporter } from "../sinks/headless-reporter.js";
import { formatSummaryTable } from "../sinks/summary-table.js";
import { defaultStateDir } from "../store/state-store.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";

export const RUN_USAGE = `usage: greenlight run [--project DIR] [--state DIR] [--test-command CMD] [--qa NAME] [--backend NAME]
                     [--reviewer NAME] [--model ID] [--approve each|none] [--cassette FILE] [--pace MS]
                     [--headless] [--json]`;

const FLAGS = {
  project: { type: "string" },
  state: { type: "string" },
  "test-command": { type: "string" },
  qa: { type: "string" },
  backend: { type: "string" },
  reviewer: { type: "string" },
  model: { type: "string" },
  approve: { type: "string" },
  cassette: { type: "string" },
  pace: { type: "string" },
  headless: { type: "boolean" },
  json: { type: "boolean" },
} as const;

export interface RunInvocation {
  projectDir: string;
  stateDir: string;
  cassette?: string;
  paceMs: number;
  json: boolean;
  /** The full-screen workspace instead of lines: when stdout is a terminal and neither --headless nor --json. */
  interactive: boolean;
  /** --approve each: the person approves every requirement before the next starts (workspace only). */
  approveEach: boolean;
  overrides: Parameters<typeof resolveRunConfig>[1];
}

export function parseRunArguments(argv: string[]): RunInvocation {
  const { values, positionals } = parseFlags(argv, FLAGS, RUN_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, RUN_USAGE);
  if (values.approve !== undefined && values.approve !== "none" && values.approve !== "each") throw new UsageError("--approve takes 'each' or 'none'", RUN_USAGE);
  const paceMs = values.pace === undefined ? 0 : Number(values.pace);
  if (!Number.isFinite(paceMs) || paceMs < 0) throw new UsageError("--pace takes a number of milliseconds, 0 or more", RUN_USAGE);
  const projectDir = resolve(values.project ?? ".");
  const interactive = process.stdout.isTTY === true && !values.headless && !values.json;
  const approveEach = values.approve === "each";
  if (approveEach && !interactive) throw new UserError("--approve each needs a person at the workspace: run it in a terminal without --headless or --json", 2);
  return {
    projectDir,
    stateDir: resolve(values.state ?? defaultStateDir(projectDir)),
    ...(values.cassette ? { cassette: resolve(values.cassette) } : {}),
    paceMs,
    json: values.json ?? false,
    interactive,
    approveEach,
    overrides: {
      ...(values["test-command"] ? { testCommand: values["test-command"] } : {}),
      ...(values.qa ? { qa: values.qa } : {}),
      ...(values.backend ? { backend: values.backend } : {}),
      ...(values.reviewer ? { reviewer: values.reviewer } : {}),
      ...(values.model ? { model: values.model } : {}),
    },
  };
}

interface Outputs {
  attach(bus: EventBus): void;
  beforeStage?: () => Promise<void>;
  person?: (approveEach: boolean) => PersonAtWorkspace;
  track(run: Promise<unknown>): void;
  /** Resolves when the person has closed the workspace (at once for headless outputs). */
  closed(): Promise<void>;
}

function headlessOutputs(json: boolean): Outputs {
  return { attach: (bus) => attachHeadlessReporter(bus, process.stdout, { json }), track: () => {}, closed: async () => {} };
}

async function workspaceOutputs(projectDir: string, abort: AbortController): Promise<Outputs> {
  const { startWorkspaceUi } = await import("../tui/start-workspace-ui.js");
  let controller: RunController | undefined;
  let ui: ReturnType<typeof startWorkspaceUi> | undefined;
  return {
    attach: (bus) => {
      controller = new RunController(bus, abort);
      ui = startWorkspaceUi({ subscribe: (listener) => bus.subscribe(listener), controller, projectName: basename(projectDir) });
      void ui.closed.then(() => abort.abort());
    },
    beforeStage: () => controller?.waitWhilePaused() ?? Promise.resolve(),
    person: (approveEach) => ({ approveEach, connect: (engine) => controller?.connect(engine) }),
    track: (run) => controller?.track(run),
    closed: async () => {
      if (!ui) return;
      await ui.closed;
      ui.destroy();
    },
  };
}

/** Runs the pipeline, in the workspace or headless; exit 0 all approved, 1 some blocked, 130 interrupted. */
export async function runHeadless(invocation: RunInvocation): Promise<number> {
  let config;
  try {
    config = resolveRunConfig(invocation.projectDir, invocation.overrides);
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(error.message, 2);
    throw error;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const outputs = invocation.interactive ? await workspaceOutputs(invocation.projectDir, controller) : headlessOutputs(invocation.json);
  try {
    const running = startRun({
      projectDir: invocation.projectDir,
      stateDir: invocation.stateDir,
      config,
      ...(invocation.cassette ? { cassette: invocation.cassette } : {}),
      paceMs: invocation.paceMs,
      signal: controller.signal,
      attach: (bus) => outputs.attach(bus),
      ...(outputs.beforeStage ? { beforeStage: outputs.beforeStage } : {}),
      ...(outputs.person ? { person: outputs.person(invocation.approveEach) } : {}),
    });
    outputs.track(running);
    const finished = await running;
    await outputs.closed();
    if (!invocation.json) process.stdout.write(`\n${formatSummaryTable(finished.rows)}\nrun log: ${finished.runLogPath}\n`);
    if (finished.summary.outcome === "interrupted") return 130;
    return finished.summary.outcome === "approved" ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(error.message, 2);
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

export default async function runCommand(argv: string[]): Promise<number> {
  return runHeadless(parseRunArguments(argv));
}
