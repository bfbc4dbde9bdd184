import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { runTestCommand, type GateExecution } from "../gates/gate-runner.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { verifyRows, type RowVerification } from "./verify-rows.js";

export interface VerificationRun {
  execution: GateExecution;
  rows: RowVerification[];
}

export interface VerificationOptions {
  runner: ProcessRunner;
  projectDir: string;
  command: string;
  env: Record<string, string>;
  signal: AbortSignal;
  testReport?: string;
  onOutput?: (chunk: string) => void;
}

/** The locked test files' text as it is now, read before the run (a test run may write files of its own). */
async function lockedTexts(projectDir: string, rows: readonly DeepReadonly<TraceRow>[]): Promise<Record<string, string>> {
  const files = [...new Set(rows.filter((row) => row.status === "approved").flatMap((row) => Object.keys(row.tests.digests ?? {})))];
  const texts: Record<string, string> = {};
  await Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(projectDir, file), "utf8").catch(() => undefined);
      if (text !== undefined) texts[file] = text;
    }),
  );
  return texts;
}

/** Re-proves the approved rows: the test command runs once, as a gate, and every row is judged on that run. */
export async function runVerification(rows: readonly DeepReadonly<TraceRow>[], options: VerificationOptions): Promise<VerificationRun> {
  const texts = await lockedTexts(options.projectDir, rows);
  const execution = await runTestCommand(options.runner, options.command, {
    cwd: options.projectDir,
    env: options.env,
    signal: options.signal,
    ...(options.testReport !== undefined ? { testReport: options.testReport } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  const at = new Date().toISOString();
  return { execution, rows: verifyRows({ rows, results: execution.results, exitCode: execution.run.exitCode, command: options.command, texts, at }) };
}
