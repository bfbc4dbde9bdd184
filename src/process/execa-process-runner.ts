import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import type { ProcessRunner, RunOptions, RunResult } from "./process-runner.js";
import { OutputCapture } from "./output-capture.js";
import { hookExit, killGroup, trackGroup, untrackGroup } from "./live-process-groups.js";
import { inPidNamespace, pidNamespaceAvailable } from "./pid-namespace.js";
import { commandIsolation, type CommandIsolation } from "./command-isolation.js";
import { ScratchFolder } from "./scratch-folder.js";
import { ProxyStarter, sandboxedLaunch, type Launch } from "./sandbox-launch.js";
import { DEFAULT_SANDBOX, type SandboxSettings } from "../sandbox/sandbox-config.js";
import { refusalHint } from "../sandbox/refusal-hint.js";

const DEFAULT_MAX_OUTPUT_BYTES = 30_000;
/** How long a group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;

export interface ProcessRunnerOptions {
  /** false: no sandbox, no namespace, the command runs as greenlight does. */
  isolate?: boolean;
  sandbox?: SandboxSettings;
  /** The bubblewrap program (default `bwrap` on the PATH). */
  bwrap?: string;
}

/** A runner that holds a scratch folder (and maybe a proxy) until it is closed. */
export interface ClosableProcessRunner extends ProcessRunner {
  /** Stops the proxy and removes the scratch folder; a later command makes them again. */
  close(): Promise<void>;
}

/**
 * Runs a shell line in its own process group, so the whole group can be killed at once, inside the
 * OS sandbox (bubblewrap) where the machine has one, else in a PID namespace of its own where it
 * allows one, and refuses to run at all when greenlight.json requires the sandbox and there is none.
 */
export function createProcessRunner(options: ProcessRunnerOptions = {}): ClosableProcessRunner {
  hookExit();
  const settings = options.sandbox ?? DEFAULT_SANDBOX;
  const bwrap = options.bwrap ?? "bwrap";
  const isolation: Promise<CommandIsolation> = options.isolate === false ? Promise.resolve({ level: "none" }) : commandIsolation(settings.mode, bwrap);
  const scratch = new ScratchFolder();
  const proxy = new ProxyStarter(scratch, settings.allowHosts);
  let calls = 0;

  return {
    run: async (command, runOptions) => {
      const given = await isolation;
      if (given.refusal !== undefined && !runOptions.own) return refused(given.refusal);
      const unisolated = given.level === "none" && given.refusal === undefined;
      const level = runOptions.own && !unisolated ? ((await pidNamespaceAvailable()) ? "pid-namespace" : "none") : given.level;
      const sandboxed = level === "sandbox";
      const cwdFile = runOptions.reportCwd ? `.greenlight-cwd-${process.pid}-${++calls}` : undefined;
      const cwdInside = cwdFile === undefined ? undefined : sandboxed ? `/tmp/${cwdFile}` : join(scratch.privateTmp, cwdFile);
      const line = cwdInside === undefined ? command : `trap 'pwd -P >| ${cwdInside} 2>/dev/null' EXIT\n${command}`;
      const program = runOptions.shell === "bash" ? ["bash", "--noprofile", "--norc", "-c", line] : ["/bin/sh", "-c", line];
      const where = { root: runOptions.root ?? runOptions.cwd, cwd: runOptions.cwd, env: runOptions.env, alsoWritable: runOptions.alsoWritable ?? [] };
      let launch: Launch;
      try {
        launch = sandboxed
          ? await sandboxedLaunch(program, where, settings, scratch, proxy, bwrap)
          : level === "pid-namespace"
            ? { ...inPidNamespace(program), env: runOptions.env }
            : { file: program[0]!, args: program.slice(1), env: runOptions.env };
      } catch (error) {
        return refused(`greenlight could not prepare the sandbox: ${(error as Error).message}`);
      }
      const result = await runCommand(launch, runOptions);
      if (cwdFile !== undefined) {
        const file = join(scratch.privateTmp, cwdFile);
        try {
          result.cwd = readFileSync(file, "utf8").trim();
        } catch {
          // The command replaced our exit trap or was killed: its folder stays unknown.
        }
        rmSync(file, { force: true });
      }
      const hint = launch.hint && refusalHint(result.output, launch.hint);
      if (hint !== undefined) {
        result.output += `${result.output === "" || result.output.endsWith("\n") ? "" : "\n"}${hint}\n`;
        runOptions.onOutput?.(`${hint}\n`);
      }
      return result;
    },
    close: async () => {
      await proxy.close();
      scratch.remove();
    },
  };
}

function refused(message: string): RunResult {
  return { exitCode: null, signal: null, timedOut: false, aborted: false, output: `${message}\n`, totalBytes: 0, durationMs: 0 };
}

async function runCommand(launch: Launch, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const capture = new OutputCapture(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  let timedOut = false;
  let aborted = options.signal?.aborted ?? false;

  const child = execa(launch.file, launch.args, {
    cwd: options.cwd,
    env: launch.env,
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
    return { exitCode: null, signal: null, timedOut: false, aborted: false, output: `could not start ${launch.file} in ${options.cwd}`, totalBytes: 0, durationMs: performance.now() - started };
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
