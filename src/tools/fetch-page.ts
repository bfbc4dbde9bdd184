import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { AddressRefusedError, type WebAddressPolicy } from "./web-address-policy.js";

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export interface FetchedPage {
  url: string;
  /** Every URL before the final one, in order. */
  redirects: string[];
  status: number;
  statusText: string;
  contentType: string;
  body: Buffer;
  /** The body was longer than maxBytes and was cut there. */
  truncated: boolean;
}

/** A fetch the model asked for that cannot be done: a refused address, a bad URL, too many redirects. */
export class FetchRefusedError extends Error {
  override readonly name = "FetchRefusedError";
}

export class FetchTimedOutError extends Error {
  override readonly name = "FetchTimedOutError";
}

/**
 * Fixed and harmless: nothing from greenlight's environment (keys, proxy settings, cookies) ever goes
 * out. Node's http client reads no proxy variables, so the request goes straight to the host.
 */
const HEADERS = {
  "user-agent": "greenlight-webfetch/1",
  accept: "text/html, text/markdown;q=0.9, text/plain;q=0.8, application/json;q=0.7, */*;q=0.1",
  "accept-encoding": "identity",
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function checkedUrl(text: string, policy: WebAddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchRefusedError(`'${text}' is not a valid URL; give an absolute http:// or https:// URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefusedError(`${url.protocol} URLs are not fetched; only http and https.`);
  if (url.username || url.password) throw new FetchRefusedError("URLs with a user name or password are not fetched.");
  const refusal = policy.literalRefusal(url.hostname);
  if (refusal !== undefined) throw new FetchRefusedError(`refused: ${refusal}; web fetch reaches only public addresses.`);
  return url;
}

function get(url: URL, policy: WebAddressPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: HEADERS, lookup: policy.lookup, agent: false, signal }, resolve);
    req.on("error", (error) => reject(error instanceof AddressRefusedError ? new FetchRefusedError(`refused: ${error.message}; web fetch reaches only public addresses.`) : error));
    req.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      response.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/**
 * GETs a URL within the limits, following redirects itself so that every hop's URL and address is
 * checked again; the signal (and the time limit) stops it anywhere, the body read included.
 */
export async function fetchPage(text: string, policy: WebAddressPolicy, limits: FetchLimits, signal: AbortSignal): Promise<FetchedPage> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  try {
    return await fetchWithin(text, policy, limits, AbortSignal.any([signal, timeout]));
  } catch (error) {
    if (timeout.aborted && !signal.aborted) throw new FetchTimedOutError(`${text} did not answer within ${limits.timeoutMs / 1000} s.`);
    throw error;
  }
}

async function fetchWithin(text: string, policy: WebAddressPolicy, limits: FetchLimits, bounded: AbortSignal): Promise<FetchedPage> {
  const redirects: string[] = [];
  let url = checkedUrl(text, policy);
  for (;;) {
    const response = await get(url, policy, bounded);
    const location = response.headers.location;
    if (REDIRECTS.has(response.statusCode ?? 0) && location) {
      response.resume();
      if (redirects.length >= limits.maxRedirects) throw new FetchRefusedError(`more than ${limits.maxRedirects} redirects (last to ${location}); not followed.`);
      redirects.push(url.href);
      url = checkedUrl(new URL(location, url).href, policy);
      continue;
    }
    const { body, truncated } = await readBody(response, limits.maxBytes);
    return {
      url: url.href,
      redirects,
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? "",
      contentType: String(response.headers["content-type"] ?? ""),
      body,
      truncated,
    };
  }
}
