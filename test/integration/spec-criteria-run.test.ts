import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CassetteScript, CassetteTurn } from "../../src/domain/cassette.js";

/**
 * Acceptance criteria through the real pipeline: a Kiro spec planned with the built CLI, runs with the
 * scripted provider replaying a cassette and real `node --test` gates.
 */

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const SPEC_FILE = ".kiro/specs/calc/requirements.md";
const ID = "calc/REQ-1";

const spec = (criteria: string[]) =>
  [
    "# Requirements Document",
    "",
    "## Requirements",
    "",
    "### Requirement 1: Add two numbers",
    "",
    "**User Story:** As a user, I want to add numbers, so that I get their sum.",
    "",
    "#### Acceptance Criteria",
    "",
    ...criteria.map((criterion, index) => `${index + 1}. ${criterion}`),
    "",
  ].join("\n");
const SUM = "WHEN add(2, 3) is called THEN the system SHALL return 5";
const STRINGS = "IF add is given a string THEN the system SHALL throw a TypeError";

const testFile = (name: string, body: string) =>
  `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport * as calc from "../src/calc.js";\n\ntest(${JSON.stringify(name)}, () => {\n  ${body}\n});\n`;
const SUM_BODY = "assert.equal(calc.add(2, 3), 5);";
const STRINGS_BODY = 'assert.throws(() => calc.add("2", 3), TypeError);';

let counter = 0;
const tool = (name: string, input: Record<string, unknown>): CassetteTurn => ({ content: [{ type: "tool_use", id: `toolu_${++counter}`, name, input }] });
const say = (text: string): CassetteTurn => ({ content: [{ type: "text", text }] });
const write = (file: string, content: string) => tool("Write", { file_path: file, content });
const approve = () => tool("ReviewVerdict", { verdict: "approve", summary: "fine", findings: [] });

let project: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-criteria-"));
  await mkdir(join(project, "src"), { recursive: true });
  await mkdir(join(project, "test"), { recursive: true });
  await mkdir(join(project, ".kiro/specs/calc"), { recursive: true });
  await writeFile(join(project, "src/calc.js"), "export const version = 1;\n");
  await writeFile(join(project, "greenlight.json"), JSON.stringify({ testCommand: "node --test" }));
});
afterEach(async () => rm(project, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args, "--project", project], { cwd: project, encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 120_000 });

async function run(scripts: CassetteScript[]) {
  const cassette = join(project, ".greenlight", `cassette-${++counter}.json`);
  await mkdir(join(project, ".greenlight"), { recursive: true });
  await writeFile(cassette, JSON.stringify({ version: 1, scripts }));
  return cli("run", "--headless", "--json", "--cassette", cassette, "--pace", "0");
}

interface Event {
  type: string;
  agent?: string;
  prompt?: string;
  gate?: string;
  passed?: boolean;
  summary?: string;
}
const events = (stdout: string) => stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Event);
const qaPrompts = (stdout: string) => events(stdout).flatMap((event) => (event.type === "session_started" && event.agent === "qa" ? [event.prompt!] : []));

interface Row {
  id: string;
  status: string;
  criteriaCoverage?: Record<string, string[]>;
  changedSinceApproval?: { description: string; criteria?: string[] };
  tests: { files: string[]; names: string[] };
}
const row = async () => (JSON.parse(await readFile(join(project, ".greenlight/state/traceability_matrix.json"), "utf8")) as { requirements: Row[] }).requirements.find((entry) => entry.id === ID)!;

describe("acceptance criteria and reopened requirements through the pipeline", { timeout: 240_000 }, () => {
  it("QA sees the criteria, the red gate holds it to one failing test per criterion, and a changed approved requirement goes through QA again", async () => {
    await writeFile(join(project, SPEC_FILE), spec([SUM]));
    expect(cli("plan", SPEC_FILE).status).toBe(0);

    const first = await run([
      { agent: "qa", requirement: ID, turns: [write("test/add.test.js", testFile("add returns the sum", SUM_BODY)), say("Tests written."), write("test/add.test.js", testFile("[AC 1.1] add returns the sum", SUM_BODY)), say("Named the criterion.")] },
      { agent: "backend", requirement: ID, turns: [write("src/calc.js", "export function add(a, b) {\n  return a + b;\n}\n"), say("Done.")] },
      { agent: "reviewer", requirement: ID, turns: [approve(), say("Approved.")] },
    ]);
    expect(first.status, first.stderr).toBe(0);
    const [firstPrompt, secondPrompt] = qaPrompts(first.stdout);
    expect(firstPrompt).toContain(`## Acceptance criteria\n- 1.1: ${SUM}`);
    expect(firstPrompt).toContain("[AC 1.1]");
    expect(secondPrompt).toContain("red gate: no failing new test names the criteria 1.1: put [AC 1.1] in the name of a test that checks it");
    const reds = events(first.stdout).filter((event) => event.type === "gate_finished" && event.gate === "red");
    expect(reds.map((event) => event.passed)).toEqual([false, true]);
    expect(reds[1]!.summary).toContain("1/1 criteria covered");
    expect(await row()).toMatchObject({ status: "approved", criteriaCoverage: { "1.1": ["test/add.test.js::[AC 1.1] add returns the sum"] } });

    const matrix = cli("matrix");
    expect(matrix.stdout).toContain("Criteria: 1/1 covered by a test");
    expect(matrix.stdout).toMatch(/^REQ-1 +Add two numbers/m);

    await writeFile(join(project, SPEC_FILE), spec([SUM, STRINGS]));
    const replan = cli("plan", SPEC_FILE);
    expect(replan.stdout).toMatch(/reopened +calc\/REQ-1/);
    expect(cli("matrix").stdout).toContain("Criteria: 1/2 covered by a test; without a test:\n  REQ-1: 1.2\nChanged since approval: REQ-1");
    expect(cli("tasks").stdout).toMatch(/T-calc\/REQ-1 +REQ-1 +pending \(changed since approval\)/);
    expect((await row()).changedSinceApproval!.criteria).toEqual([`1.1: ${SUM}`]);

    const second = await run([
      { agent: "qa", requirement: ID, turns: [write("test/add-types.test.js", testFile("[AC 1.2] add refuses strings", STRINGS_BODY)), say("Tests written.")] },
      { agent: "backend", requirement: ID, turns: [write("src/calc.js", 'export function add(a, b) {\n  if (typeof a !== "number" || typeof b !== "number") throw new TypeError("numbers only");\n  return a + b;\n}\n'), say("Done.")] },
      { agent: "reviewer", requirement: ID, turns: [approve(), say("Approved.")] },
    ]);
    expect(second.status, second.stderr).toBe(0);
    const [reopenedPrompt] = qaPrompts(second.stdout);
    expect(reopenedPrompt).toContain("## Changed since approval: what it said when approved");
    expect(reopenedPrompt).toContain(`- 1.1: ${SUM}\n- 1.2: ${STRINGS}`);
    expect(reopenedPrompt).toContain("## Existing tests (locked until you change them)\ntest/add.test.js\n- test/add.test.js::[AC 1.1] add returns the sum");
    const final = await row();
    expect(final.status).toBe("approved");
    expect(final.changedSinceApproval).toBeUndefined();
    expect(final.criteriaCoverage).toEqual({ "1.1": ["test/add.test.js::[AC 1.1] add returns the sum"], "1.2": ["test/add-types.test.js::[AC 1.2] add refuses strings"] });
    expect([...final.tests.names].sort()).toEqual(["test/add-types.test.js::[AC 1.2] add refuses strings", "test/add.test.js::[AC 1.1] add returns the sum"]);
    expect(cli("matrix").stdout).toContain("Criteria: 2/2 covered by a test\n");
  });

  it("sends a requirement marked NEEDS CLARIFICATION to a person instead of QA", async () => {
    await mkdir(join(project, "specs/001-calc"), { recursive: true });
    await writeFile(join(project, "specs/001-calc/spec.md"), "## Requirements\n\n- **FR-001**: System MUST round sums [NEEDS CLARIFICATION: to how many decimals?]\n");
    expect(cli("plan", "specs/001-calc/spec.md").status).toBe(0);
    const result = await run([{ agent: "qa", requirement: "001-calc/FR-001", turns: [say("I would guess.")] }]);
    expect(result.status).toBe(1);
    expect(qaPrompts(result.stdout)).toEqual([]);
    const tasks = JSON.parse(cli("tasks", "--json").stdout) as { tasks: { status: string; blockedReason?: string }[] };
    expect(tasks.tasks[0]).toMatchObject({ status: "blocked", blockedReason: "needs clarification before QA writes tests: to how many decimals?" });
  });
});
