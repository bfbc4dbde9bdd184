export interface RunOptions {
  cwd: string;
  /** The whole environment the child sees (already scrubbed of secrets by the caller where needed). */
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Streamed output, stdout and stderr interleaved as they come. */
  onOutput?: (chunk: string) => void;
  /** Bytes of output kept in the result: the head and the tail are kept, the middle dropped. */
  maxOutputBytes?: number;
  /** The folder the command may write (the project, or the requirement's worktree); default cwd. */
  root?: string;
  /** Folders of greenlight's own the command must also write (a gate's report folder), in the OS sandbox too. */
  alsoWritable?: string[];
  /** `sh` (default) runs `/bin/sh -c`; `bash` runs `bash --noprofile --norc -c`. */
  shell?: "sh" | "bash";
  /**
   * greenlight's own command (its git snapshots), not one the model caused: it runs outside the OS
   * sandbox, which would keep it from writing .git's objects, still in a PID namespace where possible.
   */
  own?: boolean;
  /** Report the shell's working folder when it ends (in RunResult.cwd). */
  reportCwd?: boolean;
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** stdout and stderr interleaved, capped as asked (head and tail kept, with a note of what was cut). */
  output: string;
  /** How many bytes the command printed in all. */
  totalBytes: number;
  durationMs: number;
  /** Where the shell was when it ended, as it said (asked for with reportCwd; untrusted). */
  cwd?: string;
}

/** Runs a shell command line in its own process group; the whole group dies on timeout, abort and exit. */
export interface ProcessRunner {
  run(command: string, options: RunOptions): Promise<RunResult>;
}
