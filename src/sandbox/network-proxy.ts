import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { hostMatcher } from "./host-allow-list.js";

export interface NetworkProxy {
  close(): Promise<void>;
}

/** The word a refused request gets back; the refusal hint looks for it. */
export const PROXY_REFUSAL = "greenlight sandbox: host not in network.allow";

/**
 * An HTTP proxy (CONNECT for HTTPS, absolute URLs for plain HTTP) on a unix socket, passing only the
 * hosts on the allow list. Sandboxed commands have no network of their own: this socket, bound into
 * the sandbox and forwarded to a loopback port there, is their only way out.
 */
export async function startNetworkProxy(socketPath: string, allow: readonly string[]): Promise<NetworkProxy> {
  const allowed = hostMatcher(allow);
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(request.url ?? "");
    } catch {
      response.writeHead(400).end("greenlight sandbox: the proxy takes absolute http:// URLs\n");
      return;
    }
    const port = Number(target.port || 80);
    if (target.protocol !== "http:" || !allowed(target.hostname, port)) {
      response.writeHead(403, { "content-type": "text/plain" }).end(`${PROXY_REFUSAL}: ${target.host}\n`);
      return;
    }
    const upstream = httpRequest({ agent: false, host: target.hostname.replace(/^\[(.*)\]$/, "$1"), port, method: request.method, path: `${target.pathname}${target.search}`, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", (error) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
      response.end(`greenlight sandbox proxy: ${target.host}: ${error.message}\n`);
    });
    request.pipe(upstream);
  });

  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    client.on("error", () => client.destroy());
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(request.url ?? "");
    const host = match?.[1]?.replace(/^\[(.*)\]$/, "$1");
    const port = Number(match?.[2]);
    if (!match || !host || !allowed(host, port)) {
      client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${PROXY_REFUSAL}: ${request.url}\n`);
      return;
    }
    const upstream = connect({ host, port });
    track(upstream);
    let established = false;
    upstream.once("connect", () => {
      established = true;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", (error) => {
      if (!established) client.end(`HTTP/1.1 502 Bad Gateway\r\n\r\ngreenlight sandbox proxy: ${request.url}: ${error.message}\n`);
      else client.destroy();
    });
  });
  server.on("connection", track);

  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(socketPath, () => done());
  });
  // The proxy serves commands while they run; it never keeps greenlight alive by itself.
  server.unref();
  return {
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
