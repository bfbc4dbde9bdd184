import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadAgents } from "../../src/agents/index.js";
import type { AgentDefinition } from "../../src/domain/agent-definition.js";
import type { AgentEvent, SubagentEvent } from "../../src/domain/events.js";
import type { Role } from "../../src/domain/roles.js";
import type { Task } from "../../src/domain/task.js";
import type { TraceRow } from "../../src/domain/traceability.js";
import { runTestCommand } from "../../src/gates/gate-runner.js";
import { createTestLock } from "../../src/gates/test-lock.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";
import { scrubbedEnvironment } from "../../src/process/index.js";
import { takeSnapshot, type ProjectSnapshot } from "../../src/project/project-snapshot.js";
import { createScriptedProvider, loadCassette } from "../../src/provider/index.js";
import { createAgentRunner } from "../../src/run/agent-runner.js";
import { createSessionFactory, DEFAULT_SUBAGENT_LIMITS } from "../../src/runtime/index.js";
import { runRequirementPipeline } from "../../src/workflow/requirement-pipeline.js";
import { DEFAULT_ATTEMPT_LIMITS } from "../../src/workflow/workflow.js";
import { runnerForTest } from "../support/process-runners.js";

/**
 * The requirement pipeline with real agent sessions (the real agent runner, tools, test lock and
 * `node --test` gates); only the model is scripted, by a cassette in which the backend hands the work
 * to a subagent through Task.
 */

const REPO = resolve(import.meta.dirname, "../..");
const CASSETTE = join(REPO, "test/fixtures/cassettes/subagent-pipeline.json");
/** The project's own backend (overriding greenlight's) may delegate and keep a todo list. */
const BACKEND = "---\nname: backend\ndescription: Implements requirements\ntools: Read, Write, Edit, Bash, Task, TodoWrite\n---\nMake the tests pass.\n";
const HELPER = "---\nname: helper\ndescription: Implements small functions\ntools: Read, Write, Edit\nmodel: haiku\n---\nYou implement what you are asked.\n";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-subagent-"));
  await mkdir(join(dir, "test"));
  await mkdir(join(dir, "src"));
  await mkdir(join(dir, ".claude/agents"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
  await writeFile(join(dir, ".claude/agents/helper.md"), HELPER);
  await writeFile(join(dir, ".claude/agents/backend.md"), BACKEND);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const tokens = (usage: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number }) =>
  usage.inputTokens + usage.outputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;

async function harness() {
  const catalog = await loadAgents({ projectDir: dir, builtinDir: join(REPO, "agents") });
  const pick = (name: string): AgentDefinition => catalog.agents.find((agent) => agent.name === name)!;
  const agents: Record<Role, AgentDefinition> = { qa: pick("qa"), backend: pick("backend"), reviewer: pick("reviewer") };
  const refused: string[] = [];
  const lock = createTestLock("qa", "node --test", (refusal) => refused.push(`${refusal.agent}:${refusal.file}`));
  const controller = new AbortController();
  const sessions = new AgentSessions(controller.signal);
  const events: (AgentEvent | SubagentEvent)[] = [];
  const env = scrubbedEnvironment(process.env);
  const runner = runnerForTest();
  const factory = createSessionFactory({
    projectDir: dir,
    protectedDirs: [join(dir, ".greenlight/state")],
    provider: createScriptedProvider(await loadCassette(CASSETTE)),
    runner,
    env,
    models: { flag: "claude-sonnet-4-5" },
    writeGuards: [lock.guard],
    subagents: { catalog: catalog.agents, limits: DEFAULT_SUBAGENT_LIMITS },
  });
  const agentRunner = createAgentRunner({ factory, agents, catalog: catalog.agents, sessions, publish: (event) => events.push(event) });
  const task: Task = { id: "T-REQ-001", requirement: "REQ-001", status: "pending", attempts: { tests: 0, implement: 0, review: 0 }, history: [] };
  const row: TraceRow = { id: "REQ-001", title: "Add", status: "pending", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [] };
  let baseline: ProjectSnapshot | undefined;
  const outcome = await runRequirementPipeline({
    requirement: { id: "REQ-001", title: "Add", description: "add(a, b) returns the sum", source: { file: "SPEC.md", line: 1 } },
    testCommand: "node --test",
    limits: DEFAULT_ATTEMPT_LIMITS,
    roles: { qa: "qa", backend: "backend", reviewer: "reviewer" },
    task: () => task,
    row: () => row,
    transition: async (status, reason, attempts, owner) => {
      task.history.push({ at: new Date().toISOString(), from: task.status, to: status, reason });
      Object.assign(task, { status, attempts, owner });
      row.status = status;
    },
    updateRow: async (mutate) => mutate(row),
    runAgent: (stage, prompt) => agentRunner.runStage(stage, prompt, "REQ-001"),
    runGate: () => runTestCommand(runner, "node --test", { cwd: dir, env, signal: controller.signal }),
    snapshot: () => takeSnapshot(dir),
    baseline: async () => (baseline ??= await takeSnapshot(dir)),
    lockTests: (files) => lock.lock(files),
    reportTamper: async () => undefined,
    signal: controller.signal,
  });
  return { outcome, row, refused, events, sessions };
}

describe("a backend that delegates to a subagent", () => {
  it("has the subagent refused on the locked test as the backend, gets its final message, and pays for its tokens", async () => {
    const { outcome, row, refused, events, sessions } = await harness();
    expect(outcome).toBe("approved");
    expect(row.gates.green?.exitCode).toBe(0);
    expect(row.code).toEqual(["src/add.js"]);

    // The helper's Write to the locked test was refused as the backend's, and the test is QA's still.
    expect(refused).toEqual(["backend:test/add.test.js"]);
    expect(await readFile(join(dir, "test/add.test.js"), "utf8")).toContain("assert.equal(add(2, 3), 5)");

    // The Task result the backend's model received is the helper's final message.
    const transcript = sessions.lastOf("backend")!.messages;
    const taskResult = transcript.flatMap((message) => message.content).find((block) => block.type === "tool_result" && block.tool_use_id === "toolu_be2");
    expect(taskResult).toEqual({ type: "tool_result", tool_use_id: "toolu_be2", content: "HELPER-FINAL: src/add.js now exports add; the locked test was left alone." });

    // Its lines are the backend's, wrapped, with the helper's own refused and successful writes.
    const wrapped = events.filter((event): event is SubagentEvent => event.type === "subagent_event");
    expect(wrapped.every((event) => event.agent === "backend" && event.subagent === "helper" && event.toolUseId === "toolu_be2")).toBe(true);
    const helperTools = wrapped.flatMap(({ event }) => (event.type === "tool_finished" ? [`${event.tool} ${event.isError ? "error" : "ok"}: ${event.summary}`] : []));
    expect(helperTools).toEqual(["Write error: refused: locked", "Write ok: 1 lines, new file"]);
    expect(wrapped.some(({ event }) => event.type === "session_started" && event.model === "claude-sonnet-4-5")).toBe(true);

    // Tokens and cost roll up: the backend's session counts its own turns plus the helper's.
    const finished = (agent: string, from: (AgentEvent | SubagentEvent)[]) =>
      from.flatMap((event) => (event.type === "session_finished" && event.agent === agent ? [event.result] : []));
    const helper = finished("helper", wrapped.map((event) => event.event))[0]!;
    const backendTurns = events.flatMap((event) => (event.type === "turn_finished" && event.agent === "backend" ? [event] : []));
    const backend = finished("backend", events)[0]!;
    expect(tokens(helper.usage)).toBeGreaterThan(0);
    expect(tokens(backend.usage)).toBe(backendTurns.reduce((sum, turn) => sum + tokens(turn.usage), 0) + tokens(helper.usage));
    expect(backend.costUsd).toBeCloseTo(backendTurns.reduce((sum, turn) => sum + turn.costUsd, 0) + helper.costUsd, 10);

    // The backend's todo list is an event with the whole list.
    expect(events.find((event) => event.type === "todo_list")).toMatchObject({ agent: "backend", todos: [{ status: "completed" }, { status: "in_progress" }, { status: "pending" }] });
  });
});
