import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a private (unique local) address",
  carrierGradeNat: "a carrier-grade NAT address",
  unspecified: "the unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
};

/**
 * Why an address may not be fetched, or undefined for a public unicast one. IPv4-mapped and
 * IPv4-compatible IPv6 addresses are judged as the IPv4 address they carry; every range but plain
 * unicast is refused (NAT64, 6to4 and Teredo can carry a private IPv4 address too).
 */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    const compatible = v6.parts.slice(0, 6).every((part) => part === 0) && v6.range() !== "unspecified" && v6.range() !== "loopback";
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (compatible) parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  const range = parsed.range();
  if (range === "unicast") return undefined;
  return `${address} is ${RANGE_WORDS[range] ?? `a reserved address (${range})`}`;
}

export class AddressRefusedError extends Error {
  override readonly name = "AddressRefusedError";
}

/** A host as URL gives it, lower-cased and without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

/**
 * The rule a fetch applies to a host: allowed hosts go anywhere; any other host is refused when it is,
 * or resolves to, a non-public address. Checking every resolved address in the lookup the connection
 * itself uses leaves no gap for a second DNS answer (rebinding) between the check and the connect.
 */
export class WebAddressPolicy {
  private readonly allowed: Set<string>;

  constructor(allowHosts: readonly string[]) {
    this.allowed = new Set(allowHosts.map(bareHost));
  }

  isAllowed(hostname: string): boolean {
    return this.allowed.has(bareHost(hostname));
  }

  /** For a host written as an IP address, which no lookup sees: the refusal, or undefined. */
  literalRefusal(hostname: string): string | undefined {
    const host = bareHost(hostname);
    if (isIP(host) === 0 || this.isAllowed(host)) return undefined;
    return refusedAddressReason(host);
  }

  /** A `lookup` for http.request that refuses a host resolving to any non-public address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      if (!this.isAllowed(hostname)) {
        for (const { address } of addresses) {
          const reason = refusedAddressReason(address);
          if (reason !== undefined) return callback(new AddressRefusedError(`${hostname} resolves to ${address}: ${reason.replace(/^\S+ is /, "")}`), "", 0);
        }
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
