import { execa } from "execa";
import type { SandboxMode } from "../sandbox/sandbox-config.js";
import { pidNamespaceAvailable } from "./pid-namespace.js";

export type IsolationLevel = "sandbox" | "pid-namespace" | "none";

export interface CommandIsolation {
  level: IsolationLevel;
  /** Said once per run when commands run with less than the sandbox. */
  warning?: string;
  /** Set when greenlight.json requires the sandbox and there is none: nothing may run. */
  refusal?: string;
}

const PROBE_ARGS = ["--unshare-user", "--unshare-pid", "--unshare-net", "--cap-drop", "ALL", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", "/bin/true"];
const INSTALL = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) on a Linux kernel that allows user namespaces";

const probes = new Map<string, Promise<string | undefined>>();

/** Why bubblewrap cannot sandbox a command here, or undefined when it can (asked once per program). */
export function sandboxUnavailable(bwrap = "bwrap"): Promise<string | undefined> {
  let probe = probes.get(bwrap);
  if (!probe) {
    probe = execa(bwrap, PROBE_ARGS, { reject: false, stdin: "ignore", timeout: 5_000, all: true }).then(
      (result) => {
        if (result.exitCode === 0) return undefined;
        if ((result as { code?: string }).code === "ENOENT") return `bubblewrap (${bwrap}) is not installed`;
        return `${bwrap} failed: ${String(result.all ?? "").trim().split("\n")[0] || `exit ${result.exitCode}`}`;
      },
      (error: Error) => `${bwrap} could not be started: ${error.message}`,
    );
    probes.set(bwrap, probe);
  }
  return probe;
}

/** How commands will run under this sandbox mode, and what the person must be told about it. */
export async function commandIsolation(mode: SandboxMode, bwrap = "bwrap"): Promise<CommandIsolation> {
  const missing = mode === "off" ? "turned off in greenlight.json (\"sandbox\": \"off\")" : await sandboxUnavailable(bwrap);
  if (missing === undefined) return { level: "sandbox" };
  if (mode === "required") {
    return { level: "none", refusal: `greenlight.json requires the OS sandbox ("sandbox": "required") but it cannot be had here: ${missing}. ${INSTALL[0]!.toUpperCase()}${INSTALL.slice(1)}, or set "sandbox": "auto" to run without it.` };
  }
  const pid = await pidNamespaceAvailable();
  const unconfined = "shell commands and gate runs can write anywhere your user can, read your secrets (~/.ssh, ~/.aws, ...) and use the network";
  const namespace = pid
    ? "they still run in a PID namespace of their own"
    : "nor do they get a PID namespace (`unshare --user --pid` failed), so they can read greenlight's environment (API key included) through /proc, and a command that calls setsid can outlive its session";
  const advice = mode === "off" ? "" : `; to confine them, ${INSTALL}; "sandbox": "required" in greenlight.json refuses to run without it`;
  return { level: pid ? "pid-namespace" : "none", warning: `no OS sandbox: ${missing}: ${unconfined}; ${namespace}${advice}` };
}
