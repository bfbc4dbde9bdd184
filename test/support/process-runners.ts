import { afterEach } from "vitest";
import { createProcessRunner, type ClosableProcessRunner, type ProcessRunnerOptions } from "../../src/process/index.js";

const open = new Set<ClosableProcessRunner>();

/**
 * A real process runner that is closed (its scratch folder removed, its proxy stopped) after each test of
 * the file that imports this; a runner made once for the whole file makes its scratch folder again on its
 * next command.
 */
export function runnerForTest(options?: ProcessRunnerOptions): ClosableProcessRunner {
  const runner = createProcessRunner(options);
  open.add(runner);
  return runner;
}

afterEach(async () => {
  await Promise.all([...open].map((runner) => runner.close()));
});
