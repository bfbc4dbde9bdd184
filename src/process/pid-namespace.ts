import { execa } from "execa";

/**
 * Commands from the model run in a PID namespace of their own (util-linux `unshare`, no privileges
 * needed where user namespaces are allowed). Inside it /proc shows only the command's own processes,
 * so a command cannot read greenlight's environment (the API key) through /proc/<pid>/environ, and
 * when the namespace's first process ends the kernel kills every process left in it, including one
 * that left our process group with `setsid`.
 */
const UNSHARE_ARGS = ["--user", "--map-current-user", "--pid", "--fork", "--mount-proc", "--kill-child"];

export type ProcessIsolation = "pid-namespace" | "none";

/** Said once per run where there is no namespace: the person should know what a command can see. */
export const NO_ISOLATION_WARNING =
  "this machine gives greenlight no PID namespace (`unshare --user --pid` failed): shell commands run without one, can read greenlight's environment (API key included) through /proc, and a command that calls setsid can outlive its session";

let probe: Promise<ProcessIsolation> | undefined;

/** Whether this machine lets us start a PID namespace (asked once: kernels and containers differ). */
export function processIsolation(): Promise<ProcessIsolation> {
  probe ??= execa("unshare", [...UNSHARE_ARGS, "--", "/bin/true"], { reject: false, stdin: "ignore", timeout: 5_000 }).then(
    (result) => (result.exitCode === 0 ? "pid-namespace" : "none"),
    () => "none",
  );
  return probe;
}

/**
 * The program and arguments that run a shell line, inside a PID namespace when there is one.
 * The namespace's first process is a shell that waits for the command rather than becoming it:
 * a process with PID 1 ignores signals it has no handler for, which test runners do not expect.
 */
export function shellInvocation(command: string, isolation: ProcessIsolation): { file: string; args: string[] } {
  if (isolation === "none") return { file: "/bin/sh", args: ["-c", command] };
  return { file: "unshare", args: [...UNSHARE_ARGS, "--", "/bin/sh", "-c", '/bin/sh -c "$1"; exit $?', "sh", command] };
}
