import type { EventBus } from "../events/event-bus.js";
import { RunController } from "../person/run-controller.js";
import { resolveRunConfig } from "../run/config.js";
import { startRun, type PersonAtWorkspace } from "../run/start-run.js";
import { attachHeadlessReporter } from "../sinks/headless-reporter.js";
import { appendStepSummary, matrixSummaryLine, stepSummary } from "../sinks/step-summary.js";
import { formatSummaryTable } from "../sinks/summary-table.js";
import { costText } from "../domain/cost-text.js";
import type { EarlyWorkspace } from "./early-workspace.js";
import type { RunInvocation } from "./run-invocation.js";

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

function workspaceOutputs(workspace: EarlyWorkspace, abort: AbortController, writeReport: () => Promise<string>): Outputs {
  let controller: RunController | undefined;
  void workspace.ui.closed.then(() => abort.abort());
  return {
    attach: (bus) => {
      controller = new RunController(bus, abort, writeReport);
      workspace.follow((listener) => bus.subscribe(listener));
      workspace.control(controller);
    },
    beforeStage: () => controller?.waitWhilePaused() ?? Promise.resolve(),
    person: (approveEach) => ({ approveEach, connect: (engine) => controller?.connect(engine) }),
    track: (run) => controller?.track(run),
    closed: async () => {
      await workspace.ui.closed;
      workspace.ui.destroy();
    },
  };
}

/** Runs the pipeline, in the given workspace or headless; exit 0 all approved, 1 some blocked, 130 interrupted. */
export async function runPipeline(invocation: RunInvocation, workspace: EarlyWorkspace | undefined): Promise<number> {
  const config = resolveRunConfig(invocation.projectDir, invocation.overrides);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Loaded when the key is pressed: the workspace does not pay for diff2html at start-up.
  const writeReport = async () => (await (await import("./report-command.js")).reportFor(invocation.projectDir, invocation.stateDir)).path;
  const outputs = workspace ? workspaceOutputs(workspace, controller, writeReport) : headlessOutputs(invocation.json);
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
    if (!invocation.json) {
      const { tokens, costUsd, costUnknown } = finished.spent;
      process.stdout.write(`\n${formatSummaryTable(finished.rows)}\nrun log: ${finished.runLogPath}\nspent: ${tokens} tokens, ${costText(costUsd, costUnknown, 4)}\n`);
    }
    if (!workspace) {
      const { approved, total, outcome } = finished.summary;
      appendStepSummary(stepSummary("greenlight run", `${outcome}: ${approved}/${total} approved.`, finished.rows.map(matrixSummaryLine)));
    }
    if (finished.summary.outcome === "interrupted") return 130;
    return finished.summary.outcome === "approved" ? 0 : 1;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
