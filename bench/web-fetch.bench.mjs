// WebFetch against a local server (allowed): the first call (which loads turndown) and later calls of
// a 100 KB HTML page, against a raw http.get of the same page.
import { createServer, get } from "node:http";
import { createWebFetchTool } from "../dist/tools/web-fetch-tool.js";

const row = "<tr><td>add</td><td><code>add(a, b)</code></td><td>returns the <b>sum</b></td></tr>";
const page = `<!doctype html><html><body><h1>Docs</h1><table>${row.repeat(1400)}</table></body></html>`;
const server = createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const url = `http://127.0.0.1:${server.address().port}/`;
const tool = createWebFetchTool({ allowHosts: ["127.0.0.1"] });
const context = { agent: "bench", signal: new AbortController().signal };

async function timed(work) {
  const start = performance.now();
  await work();
  return performance.now() - start;
}
const rawGet = () => new Promise((done) => get(url, { agent: false }, (res) => res.resume().on("end", done)));

try {
  const first = await timed(() => tool.execute({ url }, context));
  const calls = 20;
  let fetchMs = 0;
  let rawMs = 0;
  for (let i = 0; i < calls; i++) {
    fetchMs += await timed(() => tool.execute({ url }, context));
    rawMs += await timed(rawGet);
  }
  console.log(`web-fetch: first call, loading turndown: ${first.toFixed(1)} ms (${(page.length / 1024).toFixed(0)} KB page)`);
  console.log(`web-fetch: later calls: ${(fetchMs / calls).toFixed(1)} ms/call (raw http.get ${(rawMs / calls).toFixed(1)} ms; the rest is HTML -> Markdown)`);
} finally {
  server.close();
}
