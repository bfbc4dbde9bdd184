import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { AgentDefinition, ToolSelection } from "../../src/domain/agent-definition.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const TEST_SERVER = join(REPO, "test/mcp/test-server.mjs");
export const MEMORY_SERVER = join(REPO, "node_modules/@modelcontextprotocol/server-memory/dist/index.js");
export const THINKING_SERVER = join(REPO, "node_modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js");

/** A marker no other process on the machine has in its command line. */
export function uniqueMarker(): string {
  return `glmcp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Pids of the processes whose command line holds the marker, read from /proc as any outside observer would. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits (briefly) for every marked process to be gone; returns the ones still there. */
export async function settledProcessesWith(marker: string, waitMs = 3_000): Promise<number[]> {
  const until = Date.now() + waitMs;
  let left = processesWith(marker);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 50));
    left = processesWith(marker);
  }
  return left;
}

export async function waitFor(check: () => boolean, waitMs = 10_000): Promise<void> {
  const until = Date.now() + waitMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((done) => setTimeout(done, 25));
  }
}

export interface McpProject {
  dir: string;
  write(path: string, content: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createMcpProject(): Promise<McpProject> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "greenlight-mcp-")));
  return {
    dir,
    async write(path, content) {
      const file = join(dir, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export function agentWith(tools: ToolSelection, extra: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    name: "helper",
    description: "",
    prompt: "You help.",
    dialect: "claude-code",
    source: { file: "/agents/helper.md", origin: ".claude/agents" },
    tools,
    model: "claude-haiku-4-5",
    handoffs: [],
    frontmatter: {},
    permissions: { rules: [], onAsk: "ask" },
    ...extra,
  };
}

export const ALL_TOOLS: ToolSelection = { mode: "all", capabilities: ["read", "write", "edit", "bash", "search", "glob", "web", "task", "todo", "mcp"], raw: [] };
