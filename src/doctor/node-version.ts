import { fail, ok, type CheckResult } from "./check.js";

const NEEDED: [number, number] = [20, 11];

export function checkNodeVersion(version = process.versions.node): CheckResult {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const enough = major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]);
  const detail = `Node ${version}`;
  return enough ? ok("node", detail) : fail("node", `${detail}, greenlight needs ${NEEDED.join(".")} or later`, "install Node 20 LTS or later (https://nodejs.org, or nvm install 20)");
}
