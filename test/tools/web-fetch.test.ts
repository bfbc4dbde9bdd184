import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebFetchTool, type WebFetchOptions } from "../../src/tools/web-fetch-tool.js";
import { refusedAddressReason } from "../../src/tools/web-address-policy.js";

interface Seen {
  path: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
}

let server: Server;
let port: number;
const seen: Seen[] = [];

const PAGE = `<!doctype html><html><head><title>T</title><style>body{color:red}</style><script>var key = 1;</script></head>
<body><h1>Calculator docs</h1><p>Use <code>add(a, b)</code> and <a href="/more">more</a>.</p><ul><li>one</li><li>two</li></ul></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", rawHeaders: req.rawHeaders, headers: req.headers });
    const route = req.url ?? "/";
    if (route === "/page") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    else if (route === "/to-localhost") res.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
    else if (route === "/to-mapped") res.writeHead(301, { location: `http://[::ffff:127.0.0.1]:${port}/secret` }).end();
    else if (route === "/hop") res.writeHead(307, { location: "/page" }).end();
    else if (route === "/loop") res.writeHead(302, { location: "/loop" }).end();
    else if (route === "/big") res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(200_000));
    else if (route === "/image") res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(64));
    else if (route === "/missing") res.writeHead(404, { "content-type": "text/plain" }).end("no such page");
    else if (route === "/hang") res.writeHead(200, { "content-type": "text/plain" }).write("partial");
    else res.writeHead(200, { "content-type": "text/plain" }).end(`secret at ${route}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const context = () => ({ agent: "backend", signal: new AbortController().signal });
const fetchWith = (options: WebFetchOptions, url: string, prompt?: string) =>
  createWebFetchTool(options).execute(prompt === undefined ? { url } : { url, prompt }, context());
const allowLocal: WebFetchOptions = { allowHosts: ["127.0.0.1"] };
const hits = (path: string) => seen.filter((request) => request.path === path).length;

describe("WebFetch", () => {
  it("fetches an allowed local page as Markdown, with the prompt above it and no scripts or styles", async () => {
    const result = await fetchWith(allowLocal, `http://127.0.0.1:${port}/page`, "How do I add?");
    expect(result.isError).toBe(false);
    expect(result.content).toContain(`URL: http://127.0.0.1:${port}/page`);
    expect(result.content).toContain("Your question: How do I add?");
    expect(result.content).toContain("# Calculator docs");
    expect(result.content).toContain("Use `add(a, b)` and [more](/more).");
    expect(result.content).toMatch(/^-\s+one$/m);
    expect(result.content).not.toMatch(/color:red|var key/);
    expect(result.summary).toMatch(/^200, \d+ bytes$/);
  });

  it("sends only fixed headers: nothing from greenlight's environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ANTHROPIC_API_KEY: "sk-ant-must-not-leak", HTTP_PROXY: "http://user:proxy-pass@127.0.0.1:9", http_proxy: "http://user:proxy-pass@127.0.0.1:9" });
    try {
      const before = seen.length;
      const result = await fetchWith(allowLocal, `http://127.0.0.1:${port}/headers`);
      expect(result.content).toContain("secret at /headers");
      const request = seen.slice(before).find((candidate) => candidate.path === "/headers")!;
      expect(Object.keys(request.headers).sort()).toEqual(["accept", "accept-encoding", "connection", "host", "user-agent"]);
      expect(request.rawHeaders.join("\n")).not.toMatch(/sk-ant|proxy-pass/);
    } finally {
      process.env = saved;
    }
  });

  it("refuses a loopback address that is not allowed, by IP, by name and as IPv4-mapped IPv6, before connecting", async () => {
    const before = hits("/secret");
    for (const url of [`http://127.0.0.1:${port}/secret`, `http://localhost:${port}/secret`, `http://[::ffff:127.0.0.1]:${port}/secret`, `http://[::1]:${port}/secret`]) {
      const result = await fetchWith({ allowHosts: [] }, url);
      expect(result.isError, url).toBe(true);
      expect(result.content, url).toMatch(/^refused: .*loopback address; web fetch reaches only public addresses\.$/);
      expect(result.summary).toBe("refused: private address");
    }
    expect(hits("/secret")).toBe(before);
  });

  it("checks every redirect hop again: an allowed host cannot redirect to a refused one", async () => {
    const before = hits("/secret");
    const byName = await fetchWith(allowLocal, `http://127.0.0.1:${port}/to-localhost`);
    expect(byName.isError).toBe(true);
    expect(byName.content).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1): a loopback address/);
    const mapped = await fetchWith(allowLocal, `http://127.0.0.1:${port}/to-mapped`);
    expect(mapped.isError).toBe(true);
    expect(mapped.content).toMatch(/^refused: ::ffff:7f00:1 is a loopback address/);
    expect(hits("/secret")).toBe(before);
  });

  it("follows redirects within the limit and says so", async () => {
    const hop = await fetchWith(allowLocal, `http://127.0.0.1:${port}/hop`);
    expect(hop.isError).toBe(false);
    expect(hop.content).toContain(`Redirected from: http://127.0.0.1:${port}/hop`);
    expect(hop.content).toContain("# Calculator docs");
    const loop = await fetchWith(allowLocal, `http://127.0.0.1:${port}/loop`);
    expect(loop.isError).toBe(true);
    expect(loop.content).toMatch(/^more than 5 redirects/);
  });

  it("caps size and time, and shows no binary or failed pages as content", async () => {
    const big = await fetchWith({ allowHosts: ["127.0.0.1"], limits: { maxBytes: 100_000, maxChars: 1_000 } }, `http://127.0.0.1:${port}/big`);
    expect(big.content).toContain("The body was cut at 100000 bytes.");
    expect(big.content).toContain("[cut: 99000 more characters not shown]");
    const hang = await fetchWith({ allowHosts: ["127.0.0.1"], limits: { timeoutMs: 300 } }, `http://127.0.0.1:${port}/hang`);
    expect(hang).toMatchObject({ isError: true, summary: "timed out" });
    const image = await fetchWith(allowLocal, `http://127.0.0.1:${port}/image`);
    expect(image).toMatchObject({ isError: true, summary: "not text (image/png)" });
    const missing = await fetchWith(allowLocal, `http://127.0.0.1:${port}/missing`);
    expect(missing).toMatchObject({ isError: true, summary: "HTTP 404" });
    expect(missing.content).toContain("no such page");
  });

  it("refuses other schemes and credentials in the URL", async () => {
    expect((await fetchWith(allowLocal, "file:///etc/passwd")).content).toBe("file: URLs are not fetched; only http and https.");
    expect((await fetchWith(allowLocal, `http://me:pw@127.0.0.1:${port}/x`)).content).toBe("URLs with a user name or password are not fetched.");
    expect((await fetchWith(allowLocal, "not a url")).content).toMatch(/is not a valid URL/);
  });
});

describe("refusedAddressReason", () => {
  it("refuses private, loopback, link-local and reserved addresses, also inside IPv6", () => {
    for (const address of ["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd12::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "::7f00:1", "64:ff9b::a00:1", "224.0.0.1"]) {
      expect(refusedAddressReason(address), address).toBeDefined();
    }
    expect(refusedAddressReason("169.254.169.254")).toBe("169.254.169.254 is a link-local address");
  });

  it("lets public unicast addresses through", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(refusedAddressReason(address), address).toBeUndefined();
  });
});
