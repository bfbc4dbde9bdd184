import { z } from "zod";
import type { Tool, ToolResult } from "./tool.js";
import { errorResult } from "./tool-result.js";
import { fetchPage, FetchRefusedError, FetchTimedOutError, type FetchedPage, type FetchLimits } from "./fetch-page.js";
import { htmlToMarkdown } from "./html-to-markdown.js";
import { WebAddressPolicy } from "./web-address-policy.js";

const inputSchema = z.object({
  url: z.string().min(1).describe("The http:// or https:// URL to fetch"),
  prompt: z.string().optional().describe("What you want to learn from the page; it is repeated above the content"),
});
type WebFetchInput = z.infer<typeof inputSchema>;

export interface WebFetchOptions {
  /** Hosts that may be fetched even when they are, or resolve to, a private or loopback address. */
  allowHosts: readonly string[];
  limits?: Partial<FetchLimits & { maxChars: number }>;
}

const DEFAULT_LIMITS = { maxBytes: 5 * 1024 * 1024, timeoutMs: 30_000, maxRedirects: 5, maxChars: 50_000 };
const TEXT_TYPES = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|ld\+json|x-yaml|yaml)\b|[^;]*\+(json|xml)\b)/i;

function charsetOf(contentType: string): string {
  return /charset="?([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
}

function decode(body: Buffer, contentType: string): string {
  try {
    return new TextDecoder(charsetOf(contentType)).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

async function pageText(page: FetchedPage): Promise<string | undefined> {
  const type = page.contentType.split(";")[0]!.trim().toLowerCase();
  if (type !== "" && !TEXT_TYPES.test(type)) return undefined;
  const text = decode(page.body, page.contentType);
  const html = type === "text/html" || type === "application/xhtml+xml" || (type === "" && /^\s*<(!doctype html|html)/i.test(text));
  return html ? await htmlToMarkdown(text) : text;
}

function capped(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n\n[cut: ${text.length - maxChars} more characters not shown]`;
}

function failure(error: unknown, url: string, signal: AbortSignal): ToolResult {
  if (error instanceof FetchRefusedError) return errorResult(error.message, error.message.startsWith("refused") ? "refused: private address" : "refused");
  if (error instanceof FetchTimedOutError) return errorResult(error.message, "timed out");
  if (signal.aborted) return errorResult("The fetch was stopped.", "aborted");
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  return errorResult(`Could not fetch ${url}: ${message}`, `failed: ${code ?? message.split("\n")[0]}`);
}

/**
 * WebFetch {url, prompt?}: a GET within size, time and redirect limits, HTML as Markdown. Private,
 * loopback and link-local addresses are refused unless the host is allowed. The prompt is not run
 * through a model here; the calling agent reads the content with its question at the top.
 */
export function createWebFetchTool(options: WebFetchOptions): Tool<WebFetchInput> {
  const policy = new WebAddressPolicy(options.allowHosts);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return {
    name: "WebFetch",
    description: [
      "Fetches a URL (GET, http or https) and returns its content; HTML comes back as Markdown.",
      `Redirects are followed (up to ${limits.maxRedirects}); pages are cut at ${limits.maxChars} characters. Private and`,
      "local network addresses are refused. Nothing is sent but the request itself: no keys, no cookies.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.url,
    async execute(input, context) {
      let page: FetchedPage;
      try {
        page = await fetchPage(input.url, policy, limits, context.signal);
      } catch (error) {
        return failure(error, input.url, context.signal);
      }
      const header = [
        `URL: ${page.url}`,
        ...(page.redirects.length > 0 ? [`Redirected from: ${page.redirects.join(" -> ")}`] : []),
        `Status: ${page.status} ${page.statusText}`.trimEnd(),
        `Content-Type: ${page.contentType || "(none)"}`,
        ...(page.truncated ? [`The body was cut at ${limits.maxBytes} bytes.`] : []),
        ...(input.prompt ? [`Your question: ${input.prompt}`] : []),
      ].join("\n");
      const text = await pageText(page);
      if (text === undefined) {
        return errorResult(`${header}\n\n${page.body.length} bytes of ${page.contentType}, which is not text; not shown.`, `not text (${page.contentType.split(";")[0]})`);
      }
      if (page.status >= 400) return errorResult(`${header}\n\n${capped(text, 2_000)}`, `HTTP ${page.status}`);
      const hops = page.redirects.length > 0 ? `, ${page.redirects.length} redirects` : "";
      return { content: `${header}\n\n${capped(text, limits.maxChars)}`, isError: false, summary: `${page.status}, ${page.body.length} bytes${hops}` };
    },
  };
}
