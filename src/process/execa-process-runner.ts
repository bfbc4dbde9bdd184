import { execa } from "execa";
import type { ProcessRunner, RunOptions, RunResult } from "./process-runner.js";
import { OutputCapture } from "./output-capture.js";
import { hookExit, killGroup, trackGroup, untrackGroup } from "./live-process-groups.js";
import { processIsolation, shellInvocation, type ProcessIsolation } from "./pid-namespace.js";

const DEFAULT_MAX_OUTPUT_BYTES = 30_000;
/** How long a group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;

/**
 * Runs `/bin/sh -c COMMAND` in its own process group, so the whole group can be killed at once, and
 * in a PID namespace of its own where the machine allows one (`isolate: false` turns that off).
 */
export function createProcessRunner(options: { isolate?: boolean } = {}): ProcessRunner {
  hookExit();
  const isolation = options.isolate === false ? Promise.resolve<ProcessIsolation>("none") : processIsolation();
  return { run: async (command, runOptions) => runCommand(command, runOptions, await isolation) };
}

async function runCommand(command: string, options: RunOptions, isolation: ProcessIsolation): Promise<RunResult> {
  const started = performance.now();
  const capture = new OutputCapture(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  let timedOut = false;
  let aborted = options.signal?.aborted ?? false;

  const shell = shellInvocation(command, isolation);
  const child = execa(shell.file, shell.args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: "ignore",
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
  });
  const pgid = child.pid;
  if (pgid === undefined) {
    await child;
    return { exitCode: null, signal: null, timedOut: false, aborted: false, output: `could not start ${shell.file} in ${options.cwd}`, totalBytes: 0, durationMs: performance.now() - started };
  }
  trackGroup(pgid);

  const timers: NodeJS.Timeout[] = [];
  let terminating = false;
  const terminate = (): void => {
    if (terminating) return;
    terminating = true;
    killGroup(pgid, "SIGTERM");
    timers.push(setTimeout(() => killGroup(pgid, "SIGKILL"), KILL_GRACE_MS));
    // A descendant that left the group may hold our pipes open: stop waiting for it.
    timers.push(setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, KILL_GRACE_MS * 2));
  };

  const onData = (chunk: Buffer): void => {
    capture.add(chunk);
    options.onOutput?.(chunk.toString("utf8"));
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const onAbort = (): void => {
    aborted = true;
    terminate();
  };
  if (aborted) terminate();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  timers.push(setTimeout(() => {
    timedOut = true;
    terminate();
  }, options.timeoutMs));

  // Background jobs (`sleep 100 &`) stay in the group: when the shell ends, so do they.
  let shellExit: { code: number | null; signal: string | null } = { code: null, signal: null };
  child.once("exit", (code, signal) => {
    shellExit = { code, signal };
    terminate();
  });

  await child;
  for (const timer of timers) clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  killGroup(pgid, "SIGKILL");
  untrackGroup(pgid);

  return {
    exitCode: shellExit.code,
    signal: shellExit.signal,
    timedOut,
    aborted,
    output: capture.text(),
    totalBytes: capture.total,
    durationMs: performance.now() - started,
  };
}
