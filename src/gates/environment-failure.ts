import type { GateExecution } from "./gate-runner.js";

const OUT_OF_MEMORY = /JavaScript heap out of memory|\bMemoryError\b|Cannot allocate memory|fatal error: runtime: out of memory|std::bad_alloc/;
const NOT_FOUND = /^\S.*: (command )?not found$/m;

/**
 * Why a gate run says nothing about the code: it timed out, ran out of memory, or its command could not
 * start (exit 126/127, "not found"). Such a run is repeated once and never scored against an agent.
 */
export function environmentFailure(execution: GateExecution): string | undefined {
  if (execution.aborted) return undefined;
  const { exitCode } = execution.run;
  if (execution.timedOut) return "the test run timed out";
  if (exitCode === 137 || execution.signal === "SIGKILL" || OUT_OF_MEMORY.test(execution.outputTail)) return "the test run ran out of memory (or was killed)";
  if (exitCode === 126 || exitCode === 127 || (exitCode !== 0 && !execution.results.reported && NOT_FOUND.test(execution.outputTail))) {
    return `the test command could not start (exit ${exitCode ?? "signal"}): ${execution.outputTail.split("\n").filter(Boolean).at(-1) ?? "no output"}`;
  }
  return undefined;
}
