import { spawnSync } from "node:child_process";
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/**
 * `greenlight run` (in a real pseudo-terminal, and headless) on a project whose backend keeps a todo list and hands
 * the work to a subagent (the cassette of test/integration/subagent-pipeline.test.ts).
 */

const REPO = resolve(import.meta.dirname, "../..");
const MAIN = join(REPO, "dist/main.js");
const CASSETTE = join(REPO, "test/fixtures/cassettes/subagent-pipeline.json");

let dir: string;
let term: TestTerminal | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-todo-pane-"));
  await mkdir(join(dir, ".claude/agents"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
  await writeFile(join(dir, "SPEC.md"), "# Calculator\n\n## REQ-001: Add\n\nadd(a, b) returns the sum.\n");
  await writeFile(join(dir, ".claude/agents/backend.md"), "---\nname: backend\ndescription: Implements requirements\ntools: Read, Write, Edit, Bash, Task, TodoWrite\n---\nMake the tests pass.\n");
  await writeFile(join(dir, ".claude/agents/helper.md"), "---\nname: helper\ndescription: Implements small functions\ntools: Read, Write, Edit\n---\nYou implement what you are asked.\n");
  const plan = spawnSync(process.execPath, [MAIN, "plan", join(dir, "SPEC.md"), "--project", dir], { encoding: "utf8" });
  expect(plan.status, plan.stderr).toBe(0);
});

afterEach(async () => {
  term?.kill("SIGKILL");
  term = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("the backend's pane in a real terminal", () => {
  it("shows its todo list (2/5-style count in the title) and its subagent's lines prefixed with the subagent's name", { timeout: 120_000 }, async () => {
    term = new TestTerminal(process.execPath, [MAIN, "run", "--project", dir, "--cassette", CASSETTE, "--pace", "0"], { cols: 140, rows: 44, env: { CI: "true" } });
    await term.waitFor("done: approved", 90_000);
    term.write("x");
    const screen = await term.waitFor(/2 backend \| idle \| todo 1\/3 \|/);
    expect(screen).toContain("todo 1/3");
    expect(screen).toContain("[x] Read the failing test");
    expect(screen).toContain("[>] Delegating add to the helper");
    expect(screen).toContain("[ ] Check the result");
    expect(screen).toMatch(/\[helper\] > Make test\/add\.test\.js pass/);
    expect(screen).toMatch(/\[helper\] Write test\/add\.test\.js -> refused: locked \(/);
    expect(screen).toMatch(/\[helper\] Write src\/add\.js -> 1 lines, new file \(/);
    expect(screen).toContain("[helper] HELPER-FINAL: src/add.js now exports add");
    expect(screen).toContain("[helper] finished: completed, 3 turns");
    expect(screen).toMatch(/Task helper: Implement add -> helper: completed, 3 turns \(/);
  });
});

describe("headless output and the run log", () => {
  it("print the subagent's lines as its caller's and keep the todo list and every subagent event", { timeout: 120_000 }, async () => {
    const run = spawnSync(process.execPath, [MAIN, "run", "--project", dir, "--cassette", CASSETTE, "--pace", "0", "--headless"], { encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 100_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ backend {2}todo 1\/3: Delegating add to the helper$/m);
    expect(run.stdout).toMatch(/ backend {2}\[helper\] started \(\S+\)$/m);
    expect(run.stdout).toMatch(/ backend {2}\[helper\] Write -> error: refused: locked \(/m);
    expect(run.stdout).toMatch(/ backend {2}\[helper\] HELPER-FINAL: src\/add\.js now exports add/m);
    expect(run.stdout).toMatch(/ backend {2}Task -> helper: completed, 3 turns \(/m);
    const logs = join(dir, ".greenlight/state/runs");
    const [log] = await readdir(logs);
    const events = (await readFile(join(logs, log!), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { type: string; agent?: string; subagent?: string; event?: { type: string }; todos?: unknown[] });
    expect(events.find((event) => event.type === "todo_list")).toMatchObject({ agent: "backend", todos: [{}, {}, {}] });
    const wrapped = events.filter((event) => event.type === "subagent_event");
    expect(wrapped.every((event) => event.agent === "backend" && event.subagent === "helper")).toBe(true);
    expect(wrapped.map((event) => event.event!.type)).toContain("session_finished");
  });
});
