import { spawn } from "node:child_process";
import type { ProcessRunner, RunResult } from "../../src/process/process-runner.js";

/** A plain child_process runner for tests that must not depend on the process helper's execa runner. */
export const spawnRunner: ProcessRunner = {
  run(command, options) {
    return new Promise<RunResult>((resolve) => {
      const started = Date.now();
      const child = spawn(command, { cwd: options.cwd, env: options.env, shell: true });
      let output = "";
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        options.onOutput?.(chunk.toString());
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("close", (exitCode, signal) =>
        resolve({ exitCode, signal, timedOut: false, aborted: false, output, totalBytes: output.length, durationMs: Date.now() - started }),
      );
    });
  },
};
