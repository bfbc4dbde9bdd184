interface HostRule {
  host: string;
  /** `*.example.com` matches every name under example.com, not example.com itself. */
  wildcard: boolean;
  port?: number;
}

function parseRule(entry: string): HostRule {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const [, rawHost, rawPort] = bracketed ?? /^([^:]+)(?::(\d+))?$/.exec(entry) ?? [entry, entry, undefined];
  const host = rawHost!.toLowerCase();
  const wildcard = host.startsWith("*.");
  return { host: wildcard ? host.slice(1) : host, wildcard, ...(rawPort === undefined ? {} : { port: Number(rawPort) }) };
}

/** Whether a host and port are on greenlight.json's network allow list; an entry without a port allows any. */
export function hostMatcher(allow: readonly string[]): (host: string, port: number) => boolean {
  const rules = allow.map(parseRule);
  return (host, port) => {
    const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
    return rules.some((rule) => (rule.port === undefined || rule.port === port) && (rule.wildcard ? name.endsWith(rule.host) && name.length > rule.host.length : name === rule.host));
  };
}
