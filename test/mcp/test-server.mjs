// An MCP server for the tests, built on the SDK's server side: `node test-server.mjs MARKER`. The marker
// only makes its command line unique, so a test can find the process (and anything it starts) from outside.
import { spawn } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const marker = process.argv[2] ?? "no-marker";
const server = new McpServer({ name: "greenlight-test", version: "1.0.0" });
const text = (value) => ({ content: [{ type: "text", text: value }] });

process.stderr.write(`test server ${marker} started in ${process.cwd()}\n`);

server.registerTool("echo", { description: "Echoes the text back", inputSchema: { text: z.string().describe("what to echo") } }, async ({ text: said }) => text(`echo: ${said}`));
server.registerTool("env", { description: "The environment variables whose names start with a prefix", inputSchema: { prefix: z.string() } }, async ({ prefix }) =>
  text(JSON.stringify({ cwd: process.cwd(), env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith(prefix))) })),
);
server.registerTool("env_names", { description: "Every environment variable name" }, async () => text(Object.keys(process.env).sort().join("\n")));
server.registerTool("hang", { description: "Never answers" }, () => new Promise(() => {}));
server.registerTool("crash", { description: "Exits at once with code 3" }, async () => {
  process.stderr.write("about to crash: the tool asked for it\n");
  process.exit(3);
});
server.registerTool("huge", { description: "Returns 200,000 bytes" }, async () => text(`${"x".repeat(100_000)}MIDDLE${"y".repeat(99_994)}`));
server.registerTool("spawn_child", { description: "Starts a long-lived child process and answers" }, async () => {
  spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", `${marker}-child`], { stdio: "ignore" });
  return text("started a child");
});
server.registerTool("fail", { description: "Answers with an error result" }, async () => ({ content: [{ type: "text", text: "it went wrong" }], isError: true }));

await server.connect(new StdioServerTransport());
