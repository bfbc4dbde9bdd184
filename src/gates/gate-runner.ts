import type { GateRun } from "../domain/traceability.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { parseTestResults, type TestResults } from "./test-results.js";

export interface GateExecution {
  run: GateRun;
  results: TestResults;
  /** The last lines of the output, for handoff packets and the UI. */
  outputTail: string;
  aborted: boolean;
}

const TAIL_LINES = 40;
const GATE_TIMEOUT_MS = 10 * 60 * 1000;

export function tailLines(output: string, lines = TAIL_LINES): string {
  return output.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs the project's test command for a gate: the real run is the evidence, never an agent's claim. */
export async function runTestCommand(
  runner: ProcessRunner,
  command: string,
  options: { cwd: string; env: Record<string, string>; signal: AbortSignal; onOutput?: (chunk: string) => void },
): Promise<GateExecution> {
  const at = new Date().toISOString();
  const result = await runner.run(command, {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: GATE_TIMEOUT_MS,
    signal: options.signal,
    maxOutputBytes: 512 * 1024,
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  const results = parseTestResults(result.output);
  const failed = results.tests.filter((test) => !test.passed).length;
  const counts = results.reported ? `${results.tests.length - failed} passed, ${failed} failed` : `exit ${result.exitCode ?? result.signal}`;
  const summary = result.timedOut ? `timed out: ${counts}` : counts;
  return {
    run: { command, exitCode: result.exitCode, at, durationMs: result.durationMs, summary },
    results,
    outputTail: tailLines(result.output),
    aborted: result.aborted,
  };
}
