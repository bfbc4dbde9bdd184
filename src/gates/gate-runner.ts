import { writeFile } from "node:fs/promises";
import type { GateRun } from "../domain/traceability.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { collectResults } from "./reports/collect-results.js";
import { withReportFolder } from "./reports/report-folder.js";
import { planReports } from "./reports/report-plan.js";
import type { TestResults } from "./test-results.js";

export interface GateExecution {
  run: GateRun;
  results: TestResults;
  /** The last lines of the output, for handoff packets and the UI. */
  outputTail: string;
  aborted: boolean;
  /** The run was stopped at the gate timeout. */
  timedOut?: boolean;
  /** The signal that ended the command, if one did. */
  signal?: string | null;
  /**
   * Set when the command could not start or run a program it names (exit 126 or 127: "pnpm: not found",
   * not executable): a fault of the environment, not of the tests or the code, at every gate.
   */
  environment?: string;
}

export interface GateOptions {
  /** The project folder, where the command runs. */
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  onOutput?: (chunk: string) => void;
  /** greenlight.json "testReport": the JUnit XML file the command writes itself. */
  testReport?: string;
  /** How long the run may take (greenlight.json "gateTimeout"); 10 minutes unless set. */
  timeoutMs?: number;
}

const TAIL_LINES = 40;
export const DEFAULT_GATE_TIMEOUT_MS = 10 * 60 * 1000;

export function tailLines(output: string, lines = TAIL_LINES): string {
  return output.trimEnd().split("\n").slice(-lines).join("\n");
}

/** "3 passed, 1 failed, 1 skipped", with entries for whole files that ran no test counted apart. */
function counts(results: TestResults): string {
  const tally = (keep: (status: string, fileLevel: boolean) => boolean) => results.tests.filter((test) => keep(test.status, test.fileLevel === true)).length;
  const passed = tally((status) => status === "passed");
  const failed = tally((status) => status === "failed");
  const parts = [`${passed} passed`, `${failed} failed`];
  const skipped = tally((status, fileLevel) => status === "skipped" && !fileLevel);
  const errored = tally((status) => status === "errored");
  const empty = tally((status, fileLevel) => status === "skipped" && fileLevel);
  if (skipped) parts.push(`${skipped} skipped`);
  if (errored) parts.push(`${errored} errored`);
  if (empty) parts.push(`${empty} file(s) ran no test`);
  return parts.join(", ");
}

/** The shell's exit codes for a program it could not find (127) or could not execute (126). */
const COULD_NOT_RUN = new Set([126, 127]);

function environmentFailure(exitCode: number | null, signal: string | null, aborted: boolean, output: string): string | undefined {
  const notStarted = exitCode === null && signal === null && !aborted;
  if (!notStarted && (exitCode === null || !COULD_NOT_RUN.has(exitCode))) return undefined;
  const line = output.split(/\r?\n/).reverse().find((text) => /not found|No such file|Permission denied|could not start|cannot execute/i.test(text))?.trim();
  return `environment failure: the test command could not run a program (exit ${exitCode ?? "none"})${line ? `: ${line}` : ""}`;
}

/**
 * Runs the project's test command for a gate: the real run is the evidence, never an agent's claim. The
 * command is the person's own; greenlight gets per-test results by asking each runner in it for a report
 * (environment variables, or flags appended where they reach the runner) written to a folder of its own.
 */
export async function runTestCommand(runner: ProcessRunner, command: string, options: GateOptions): Promise<GateExecution> {
  const at = new Date().toISOString();
  return withReportFolder(async (folder) => {
    const plan = planReports(command, {
      projectDir: options.cwd,
      folder,
      env: options.env,
      startedAt: Date.parse(at),
      ...(options.testReport !== undefined ? { testReport: options.testReport } : {}),
    });
    for (const [path, text] of Object.entries(plan.files)) await writeFile(path, text);
    const result = await runner.run(plan.command, {
      cwd: options.cwd,
      env: { ...options.env, ...plan.env },
      timeoutMs: options.timeoutMs ?? DEFAULT_GATE_TIMEOUT_MS,
      signal: options.signal,
      maxOutputBytes: 512 * 1024,
      alsoWritable: [folder],
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    const { results, problems } = collectResults(plan, result.output, options.cwd);
    const exit = `exit ${result.exitCode ?? result.signal}`;
    const described = results.evidence === "exit-code" ? `${exit}, exit code only: no test was named` : counts(results);
    const environment = environmentFailure(result.exitCode, result.signal, result.aborted, plan.humanOutput(result.output));
    const summary = environment ?? [result.timedOut ? `timed out: ${described}` : described, ...problems].join("; ");
    return {
      run: { command, exitCode: result.exitCode, at, durationMs: result.durationMs, summary, evidence: results.evidence },
      results,
      outputTail: tailLines(plan.humanOutput(result.output)),
      aborted: result.aborted,
      timedOut: result.timedOut,
      signal: result.signal,
      ...(environment !== undefined ? { environment } : {}),
    };
  });
}
