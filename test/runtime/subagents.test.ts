import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentDefinition } from "../../src/domain/agent-definition.js";
import type { Cassette } from "../../src/domain/cassette.js";
import type { AgentEvent, SubagentEvent } from "../../src/domain/events.js";
import { createTestLock } from "../../src/gates/test-lock.js";

import { createScriptedProvider } from "../../src/provider/index.js";
import { createSessionFactory, type SessionFactoryOptions } from "../../src/runtime/index.js";
import { runnerForTest } from "../support/process-runners.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-subagents-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const CAPABILITY = { Write: "write", Task: "task", Read: "read" } as const;
function agent(name: string, raw: (keyof typeof CAPABILITY)[]): AgentDefinition {
  const capabilities = raw.map((tool) => CAPABILITY[tool]);
  return { name, description: `${name} agent`, prompt: "Work.", dialect: "claude-code", source: { file: `${name}.md`, origin: "explicit" }, tools: { mode: "list", capabilities, raw }, model: "inherit", handoffs: [], frontmatter: {}, permissions: { rules: [], onAsk: "ask" } };
}
const catalog = [agent("writer", ["Write"]), agent("qa", ["Task"]), agent("backend", ["Write", "Task"]), agent("nester", ["Task", "Read"])];
const byName = (name: string) => catalog.find((candidate) => candidate.name === name)!;

const use = (id: string, name: string, input: Record<string, unknown>) => ({ content: [{ type: "tool_use" as const, id, name, input }] });
const task = (id: string, subagent: string) => use(id, "Task", { description: "d", prompt: "p", subagent_type: subagent });
const write = (id: string, file: string) => use(id, "Write", { file_path: file, content: "x\n" });
const done = (text: string) => ({ content: [{ type: "text" as const, text }] });

function factory(cassette: Cassette, overrides: Partial<SessionFactoryOptions> = {}) {
  return createSessionFactory({
    projectDir: dir,
    protectedDirs: [],
    provider: createScriptedProvider(cassette),
    runner: runnerForTest(),
    env: {},
    models: { flag: "claude-haiku-4-5" },
    subagents: { catalog, limits: { maxDepth: 1, maxPerSession: 2 } },
    ...overrides,
  });
}

async function run(options: ReturnType<typeof factory>, name: string) {
  const events: (AgentEvent | SubagentEvent)[] = [];
  const outcome = await options.run({ agent: byName(name), prompt: "go", signal: new AbortController().signal, onEvent: (event) => events.push(event) });
  return { outcome, events };
}

const taskResults = (events: (AgentEvent | SubagentEvent)[]) => events.flatMap((event) => (event.type === "tool_finished" && event.tool === "Task" ? [`${event.isError ? "error" : "ok"}: ${event.summary}`] : []));

describe("subagents through the session factory", () => {
  it("run with their caller's write rights: QA's subagent may change a locked test, the backend's may not, and files count as the caller's", async () => {
    const lock = createTestLock("qa", "node --test", () => undefined);
    lock.lock(["test/a.test.js"]);
    const cassette: Cassette = {
      version: 1,
      scripts: [
        { agent: "qa", turns: [task("q1", "writer"), done("qa done")] },
        { agent: "writer", turns: [write("w1", "test/a.test.js"), done("writer wrote it"), write("w2", "test/a.test.js"), done("writer was refused")] },
        { agent: "backend", turns: [task("b1", "writer"), done("backend done")] },
      ],
    };
    const sessions = factory(cassette, { writeGuards: [lock.guard] });
    const qa = await run(sessions, "qa");
    expect(qa.outcome.filesChanged).toEqual(["test/a.test.js"]);
    const backend = await run(sessions, "backend");
    expect(backend.outcome.filesChanged).toEqual([]);
    const writes = backend.events.flatMap((event) => (event.type === "subagent_event" && event.event.type === "tool_finished" ? [event.event.summary] : []));
    expect(writes).toEqual(["refused: locked"]);
    expect(await readFile(join(dir, "test/a.test.js"), "utf8")).toBe("x\n");
  });

  it("offers no Task to a subagent at the depth limit, and flattens a deeper one into the top caller's events", async () => {
    const cassette: Cassette = { version: 1, scripts: [{ agent: "backend", turns: [task("b1", "nester"), done("backend done")] }, { agent: "nester", turns: [task("n1", "writer"), done("nester done")] }, { agent: "writer", turns: [done("writer at depth 2")] }] };
    const shallow = await run(factory(cassette), "backend");
    const nesterTools = shallow.events.flatMap((event) => (event.type === "subagent_event" && event.event.type === "tool_finished" ? [event.event.summary] : []));
    expect(nesterTools).toEqual(["unknown tool"]);

    const deep = await run(factory({ ...cassette, scripts: cassette.scripts.map((script) => ({ ...script })) }, { subagents: { catalog, limits: { maxDepth: 2, maxPerSession: 2 } } }), "backend");
    const nested = deep.events.filter((event): event is SubagentEvent => event.type === "subagent_event" && event.subagent === "nester > writer");
    expect(nested.map((event) => event.event.type)).toContain("session_finished");
    expect(nested.every((event) => event.agent === "backend" && event.toolUseId === "n1")).toBe(true);
  });

  it("limits Task calls per session and names the agents it knows", async () => {
    const cassette: Cassette = {
      version: 1,
      scripts: [
        { agent: "backend", turns: [{ content: [...task("a", "Writer").content, ...task("b", "nobody").content, ...task("c", "writer").content, ...task("d", "writer").content] }, done("backend done")] },
        { agent: "writer", turns: [done("one"), done("two")] },
      ],
    };
    const { events } = await run(factory(cassette), "backend");
    expect(taskResults(events)).toEqual(["ok: writer: completed, 1 turns", "error: unknown agent", "ok: writer: completed, 1 turns", "error: subagent limit"]);
  });
});
