export type { ProcessRunner, RunOptions, RunResult } from "./process-runner.js";
export { createProcessRunner, type ClosableProcessRunner, type ProcessRunnerOptions } from "./execa-process-runner.js";
export { scrubbedEnvironment } from "./scrubbed-environment.js";
export { commandIsolation, sandboxUnavailable, type CommandIsolation } from "./command-isolation.js";
export { startServerProcess, type ServerExit, type ServerProcess, type ServerProcessOptions } from "./server-process.js";
