import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { hookExit, killGroup, trackGroup, untrackGroup } from "./live-process-groups.js";
import { inPidNamespace, pidNamespaceAvailable } from "./pid-namespace.js";

/** How long a server gets to leave after its stdin closes, and again after SIGTERM. */
const STOP_GRACE_MS = 1_000;
const STDERR_TAIL_BYTES = 4_000;

export interface ServerProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ServerExit {
  code: number | null;
  signal: string | null;
}

/** A long-lived child talking over its stdin and stdout (an MCP server), in a process group of its own. */
export interface ServerProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** The last few KB the process wrote to stderr. */
  stderrTail(): string;
  /** Settles when the process has exited (or failed to start). */
  readonly exited: Promise<ServerExit>;
  /** Closes stdin, then SIGTERM and SIGKILL to the whole group, each after a grace period. */
  stop(): Promise<void>;
}

const quoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Starts COMMAND ARGS the way tool commands run: through /bin/sh, in its own process group, in a PID
 * namespace where the machine allows one, with exactly the environment given. The group is tracked, so
 * greenlight's exit, Ctrl-C and SIGTERM kill it even when nobody calls stop().
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  hookExit();
  const program = ["/bin/sh", "-c", ["exec", ...[options.command, ...options.args].map(quoted)].join(" ")];
  const shell = (await pidNamespaceAvailable()) ? inPidNamespace(program) : { file: program[0]!, args: program.slice(1) };
  const child = spawn(shell.file, shell.args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const pgid = child.pid;
  if (pgid !== undefined) trackGroup(pgid);
  let tail = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  // A server that dies mid-write must not crash greenlight with EPIPE.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<ServerExit>((resolve) => {
    child.once("error", (error) => {
      tail += `\n${error.message}`;
      resolve({ code: null, signal: null });
    });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  // Whatever the server left behind in its group goes with it.
  void exited.then(() => {
    if (pgid === undefined) return;
    killGroup(pgid, "SIGKILL");
    untrackGroup(pgid);
  });
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref())]);
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderrTail: () => tail.trim(),
    exited,
    async stop() {
      child.stdin.end();
      if (pgid === undefined || (await within(STOP_GRACE_MS))) return;
      killGroup(pgid, "SIGTERM");
      if (await within(STOP_GRACE_MS)) return;
      killGroup(pgid, "SIGKILL");
      await exited;
    },
  };
}
