import type { GateExecution } from "./gate-runner.js";

const OUT_OF_MEMORY = /JavaScript heap out of memory|\bMemoryError\b|Cannot allocate memory|fatal error: runtime: out of memory|std::bad_alloc/;

/**
 * Why a gate run says nothing about the code: its command could not start (see runTestCommand), it timed
 * out, or it ran out of memory. Such a run is repeated once and never scored against an agent.
 */
export function environmentFailure(execution: GateExecution): string | undefined {
  if (execution.aborted) return undefined;
  if (execution.environment !== undefined) return execution.environment;
  if (execution.timedOut) return "environment failure: the test run timed out (greenlight.json gateTimeout)";
  if (execution.run.exitCode === 137 || execution.signal === "SIGKILL" || OUT_OF_MEMORY.test(execution.outputTail)) return "environment failure: the test run ran out of memory (or was killed)";
  return undefined;
}
