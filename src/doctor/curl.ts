import { ok, warn, type CheckResult } from "./check.js";
import { findProgram } from "./find-program.js";

/** curl is how agents usually reach the hosts greenlight.json allows (through the sandbox's proxy). */
export async function checkCurl(allowedHosts: readonly string[]): Promise<CheckResult> {
  const curl = await findProgram("curl");
  if (curl) return ok("curl", allowedHosts.length > 0 ? `${curl}, for the allowed hosts ${allowedHosts.join(", ")}` : curl);
  if (allowedHosts.length === 0) return ok("curl", "not installed; not needed: greenlight.json allows no hosts");
  return warn("curl", `not installed, and greenlight.json allows ${allowedHosts.join(", ")}`, "sudo apt-get install curl");
}
