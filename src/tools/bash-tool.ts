import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { scrubbedEnvironment } from "../process/scrubbed-environment.js";

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 600_000;
const MAX_OUTPUT_BYTES = 30_000;

const inputSchema = z.object({
  command: z.string().min(1).describe("The shell command line to run (/bin/sh) in the project folder"),
  timeout: z.number().int().positive().max(MAX_TIMEOUT_MS).optional().describe(`Timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS}, at most ${MAX_TIMEOUT_MS})`),
});
type BashInput = z.infer<typeof inputSchema>;

export function createBashTool(workspace: Workspace, runner: ProcessRunner, env: Record<string, string>): Tool<BashInput> {
  const childEnv = scrubbedEnvironment(env);
  return {
    name: "Bash",
    description: [
      "Runs a shell command in the project folder and returns its output (stdout and stderr together) and exit code.",
      `It times out after ${DEFAULT_TIMEOUT_MS / 1000} s unless you give timeout (ms, at most ${MAX_TIMEOUT_MS}). Stdin is closed: use non-interactive flags.`,
      `Output beyond ${MAX_OUTPUT_BYTES} bytes is cut in the middle. Background processes are killed when the command ends.`,
      "Prefer Read, Grep and Glob for looking at files.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.command,
    async execute(input, context) {
      const result = await runner.run(input.command, {
        cwd: workspace.projectDir,
        env: childEnv,
        timeoutMs: input.timeout ?? DEFAULT_TIMEOUT_MS,
        signal: context.signal,
        onOutput: context.onOutput,
        maxOutputBytes: MAX_OUTPUT_BYTES,
      });
      const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
      const ending = result.timedOut
        ? `killed: timed out after ${seconds}; give a larger timeout or run less at once`
        : result.aborted
          ? "killed: cancelled"
          : result.exitCode === null
            ? `killed by ${result.signal ?? "a signal"}`
            : `exit code ${result.exitCode}`;
      const output = result.output === "" ? "(no output)" : result.output;
      const summary = result.timedOut ? "timed out" : result.aborted ? "cancelled" : `exit ${result.exitCode ?? result.signal}`;
      return { content: `${output}\n[${ending}]`, isError: result.exitCode !== 0, summary, detail: input.command };
    },
  };
}
