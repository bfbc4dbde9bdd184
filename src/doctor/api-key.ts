import { fail, ok, type CheckResult } from "./check.js";

/** The key (or a gateway's token) and where requests go; the key itself is never shown. */
export function checkApiKey(env: NodeJS.ProcessEnv): CheckResult {
  const where = env.ANTHROPIC_BASE_URL ? `gateway ${env.ANTHROPIC_BASE_URL}` : "api.anthropic.com";
  if (env.ANTHROPIC_API_KEY) return ok("api key", `ANTHROPIC_API_KEY set (${env.ANTHROPIC_API_KEY.length} characters), requests go to ${where}`);
  if (env.ANTHROPIC_AUTH_TOKEN) return ok("api key", `ANTHROPIC_AUTH_TOKEN set, requests go to ${where}`);
  return fail("api key", "neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set", "export ANTHROPIC_API_KEY=sk-ant-... (a key from console.anthropic.com), or ANTHROPIC_AUTH_TOKEN and ANTHROPIC_BASE_URL for a gateway; offline: greenlight demo");
}
