import { realpath, stat } from "node:fs/promises";
import { relative, isAbsolute, sep } from "node:path";
import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import type { ProcessRunner } from "../process/process-runner.js";
import { scrubbedEnvironment } from "../process/scrubbed-environment.js";

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 600_000;
const MAX_OUTPUT_BYTES = 30_000;

const inputSchema = z.object({
  command: z.string().min(1).describe("The bash command line to run; the working folder carries over from the previous call (it starts in the project folder)"),
  timeout: z.number().int().positive().max(MAX_TIMEOUT_MS).optional().describe(`Timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS}, at most ${MAX_TIMEOUT_MS})`),
});
type BashInput = z.infer<typeof inputSchema>;

/** The folder as a real path when it is an existing folder inside the project, else undefined. */
async function folderInside(projectDir: string, path: string | undefined): Promise<string | undefined> {
  if (path === undefined || !isAbsolute(path)) return undefined;
  try {
    const real = await realpath(path);
    if (!(await stat(real)).isDirectory()) return undefined;
    const rel = relative(projectDir, real);
    return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `bash --noprofile --norc -c` (no start-up files: what runs is only what the model wrote). Like
 * Claude Code's, the working folder persists between calls of one session, but never leaves the
 * project: a `cd` outside, or a folder that has since gone, puts the next call back at the project.
 */
export function createBashTool(workspace: Workspace, runner: ProcessRunner, env: Record<string, string>): Tool<BashInput> {
  // Non-interactive bash sources $BASH_ENV (and sh $ENV) even with --norc: no start-up file at all.
  const { BASH_ENV: _bashEnv, ENV: _shEnv, ...childEnv } = scrubbedEnvironment(env);
  let cwd = workspace.projectDir;
  return {
    name: "Bash",
    description: [
      "Runs a bash command and returns its output (stdout and stderr together) and exit code.",
      "It starts in the project folder; a `cd` carries over to the next call as long as it stays inside the project.",
      `It times out after ${DEFAULT_TIMEOUT_MS / 1000} s unless you give timeout (ms, at most ${MAX_TIMEOUT_MS}). Stdin is closed: use non-interactive flags.`,
      `Output beyond ${MAX_OUTPUT_BYTES} bytes is cut in the middle. Background processes are killed when the command ends.`,
      "Where the OS sandbox is on, commands write only inside the project (not .git) and /tmp, cannot read the person's secrets, and reach no network except hosts greenlight.json allows (through HTTPS_PROXY).",
      "Prefer Read, Grep and Glob for looking at files.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.command,
    async execute(input, context) {
      const notes: string[] = [];
      const start = await folderInside(workspace.projectDir, cwd);
      if (start === undefined) {
        notes.push(`[the working folder ${cwd} is gone; back in the project folder ${workspace.projectDir}]`);
        cwd = workspace.projectDir;
      }
      const result = await runner.run(input.command, {
        cwd,
        root: workspace.projectDir,
        shell: "bash",
        reportCwd: true,
        env: childEnv,
        timeoutMs: input.timeout ?? DEFAULT_TIMEOUT_MS,
        signal: context.signal,
        onOutput: context.onOutput,
        maxOutputBytes: MAX_OUTPUT_BYTES,
      });
      if (result.cwd !== undefined && result.cwd !== cwd) {
        const next = await folderInside(workspace.projectDir, result.cwd);
        if (next === undefined) notes.push(`[the shell ended in ${result.cwd}, outside the project; the next command starts in ${workspace.projectDir}]`);
        cwd = next ?? workspace.projectDir;
      }
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
      const tail = notes.length === 0 ? "" : `\n${notes.join("\n")}`;
      return { content: `${output}\n[${ending}]${tail}`, isError: result.exitCode !== 0, summary, detail: input.command };
    },
  };
}
