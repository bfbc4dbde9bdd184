import { sandboxUnavailable } from "../process/index.js";
import type { SandboxMode } from "../sandbox/sandbox-config.js";
import { fail, ok, warn, type CheckResult } from "./check.js";

const INSTALL = "sudo apt-get install bubblewrap (Fedora: sudo dnf install bubblewrap); where user namespaces are off: sudo sysctl kernel.unprivileged_userns_clone=1 (Ubuntu 24.04: kernel.apparmor_restrict_unprivileged_userns=0)";

/** bubblewrap, and whether it can make user namespaces here: the probe the sandbox itself runs. */
export async function checkSandbox(mode: SandboxMode, bwrap = "bwrap"): Promise<CheckResult> {
  if (mode === "off") return warn("sandbox", 'turned off in greenlight.json ("sandbox": "off"): commands run unconfined', 'remove "sandbox": "off" from greenlight.json');
  const missing = await sandboxUnavailable(bwrap);
  if (missing === undefined) return ok("sandbox", "bubblewrap works here (user, PID and network namespaces)");
  if (mode === "required") return fail("sandbox", `${missing}, and greenlight.json requires the sandbox`, INSTALL);
  return warn("sandbox", `${missing}: commands would run unconfined`, INSTALL);
}
