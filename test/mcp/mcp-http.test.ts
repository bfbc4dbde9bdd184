import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { McpServers, readServerConfigs } from "../../src/mcp/index.js";
import { ALL_TOOLS, agentWith, createMcpProject, type McpProject } from "./mcp-support.js";

/** A streamable HTTP MCP server on a local port (stateless: one SDK server per request), recording the headers it got. */
async function startHttpServer(): Promise<{ url: string; headers: Record<string, string | string[] | undefined>[]; server: Server }> {
  const headers: Record<string, string | string[] | undefined>[] = [];
  const server = createServer(async (request, response) => {
    headers.push(request.headers);
    const mcp = new McpServer({ name: "http-test", version: "1.0.0" });
    mcp.registerTool("shout", { description: "Upper-cases the text", inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: "text", text: text.toUpperCase() }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on("close", () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, headers, server };
}

let project: McpProject;
let http: Awaited<ReturnType<typeof startHttpServer>>;
beforeEach(async () => {
  project = await createMcpProject();
  http = await startHttpServer();
});
afterEach(async () => {
  await new Promise((closed) => http.server.close(closed));
  await project.remove();
});

describe("MCP servers over streamable HTTP", () => {
  it("lists and calls a remote server's tools, sending the headers its config names with variables resolved", async () => {
    await project.write(".vscode/mcp.json", JSON.stringify({ servers: { remote: { type: "http", url: http.url, headers: { Authorization: "Bearer ${env:GLMCP_HTTP_TOKEN}" } } } }));
    const servers = new McpServers({ servers: await readServerConfigs(project.dir), projectDir: project.dir, env: {}, hostEnv: { GLMCP_HTTP_TOKEN: "t0ken" } });
    try {
      const tools = await servers.toolsFor(agentWith(ALL_TOOLS));
      expect(tools.map((tool) => tool.name)).toEqual(["mcp__remote__shout"]);
      expect(await tools[0]!.execute({ text: "quiet" }, { agent: "helper", signal: new AbortController().signal })).toMatchObject({ content: "QUIET", isError: false });
      expect(http.headers.every((headers) => headers.authorization === "Bearer t0ken")).toBe(true);
    } finally {
      await servers.close();
    }
  });
});
