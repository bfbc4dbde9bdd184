import { PROXY_REFUSAL } from "./network-proxy.js";

const WRITE_REFUSED = /Read-only file system|EROFS/;
const READ_REFUSED = /Permission denied|EACCES/;
const NETWORK_REFUSED =
  /ECONNREFUSED|Connection refused|Couldn't connect to server|Could not resolve host|Temporary failure in name resolution|EAI_AGAIN|ENOTFOUND|Network is unreachable|ENETUNREACH|CONNECT tunnel failed|403 Forbidden/;

export interface HintContext {
  /** The hidden secrets, as real paths. */
  denied: string[];
  allowHosts: readonly string[];
}

/**
 * One line for the model (and the person reading along) when a command's output shows the OS
 * refusing what the sandbox forbids: what was blocked, and how a person allows it if they want to.
 */
export function refusalHint(output: string, context: HintContext): string | undefined {
  const reasons: string[] = [];
  if (WRITE_REFUSED.test(output)) {
    reasons.push('writes go only to the project folder (not its .git or greenlight\'s state folder) and /tmp; a person can allow a folder with "filesystem": {"allowWrite": ["PATH"]} in greenlight.json');
  }
  if (READ_REFUSED.test(output) && context.denied.some((path) => output.includes(path))) {
    reasons.push("secrets (~/.ssh, ~/.aws, tokens and the paths in greenlight.json's filesystem.denyRead) are hidden from commands on purpose");
  }
  if (output.includes(PROXY_REFUSAL) || NETWORK_REFUSED.test(output)) {
    const allowed = context.allowHosts.length === 0 ? "no host is allowed" : `allowed through the proxy in HTTPS_PROXY/HTTP_PROXY: ${context.allowHosts.join(", ")}`;
    reasons.push(`there is no network but loopback (${allowed}); a person can allow a host with "network": {"allow": ["HOST"]} in greenlight.json`);
  }
  if (reasons.length === 0) return undefined;
  return `[greenlight sandbox: this may be the sandbox refusing: ${reasons.join("; ")}]`;
}
