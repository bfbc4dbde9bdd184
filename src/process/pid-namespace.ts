import { execa } from "execa";

/**
 * Without the OS sandbox, commands from the model still run in a PID namespace of their own where
 * the machine allows one (util-linux `unshare`, no privileges needed where user namespaces are
 * allowed). Inside it /proc shows only the command's own processes, so a command cannot read
 * greenlight's environment (the API key) through /proc/<pid>/environ, and when the namespace's first
 * process ends the kernel kills every process left in it, including one that left our process group
 * with `setsid`.
 */
const UNSHARE_ARGS = ["--user", "--map-current-user", "--pid", "--fork", "--mount-proc", "--kill-child"];

let probe: Promise<boolean> | undefined;

/** Whether this machine lets us start a PID namespace (asked once: kernels and containers differ). */
export function pidNamespaceAvailable(): Promise<boolean> {
  probe ??= execa("unshare", [...UNSHARE_ARGS, "--", "/bin/true"], { reject: false, stdin: "ignore", timeout: 5_000 }).then(
    (result) => result.exitCode === 0,
    () => false,
  );
  return probe;
}

/**
 * A program and its arguments wrapped in a PID namespace. The namespace's first process is a shell
 * that waits for the program rather than becoming it: a process with PID 1 ignores signals it has no
 * handler for, which test runners do not expect.
 */
export function inPidNamespace(program: string[]): { file: string; args: string[] } {
  return { file: "unshare", args: [...UNSHARE_ARGS, "--", "/bin/sh", "-c", '"$@"; exit $?', "sh", ...program] };
}
