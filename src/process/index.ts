export type { ProcessRunner, RunOptions, RunResult } from "./process-runner.js";
export { createProcessRunner } from "./execa-process-runner.js";
export { scrubbedEnvironment } from "./scrubbed-environment.js";
export { NO_ISOLATION_WARNING, processIsolation, type ProcessIsolation } from "./pid-namespace.js";
export { startServerProcess, type ServerExit, type ServerProcess, type ServerProcessOptions } from "./server-process.js";
