import { createHash } from "node:crypto";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Task } from "../../src/domain/task.js";
import type { TraceRow } from "../../src/domain/traceability.js";
import { runTestCommand } from "../../src/gates/gate-runner.js";
import { narrowCommand, type Narrowing } from "../../src/gates/reports/narrow-command.js";
import { takeSnapshot, type ProjectSnapshot } from "../../src/project/project-snapshot.js";
import type { Role } from "../../src/domain/roles.js";
import type { SessionReport } from "../../src/domain/session-report.js";
import type { TamperAttempt } from "../../src/domain/tamper.js";
import { runRequirementPipeline } from "../../src/workflow/requirement-pipeline.js";
import { createTestLock } from "../../src/gates/test-lock.js";
import { scrubbedEnvironment } from "../../src/process/index.js";
import { runnerForTest } from "../support/process-runners.js";
import { DEFAULT_ATTEMPT_LIMITS } from "../../src/workflow/workflow.js";
import { spawnRunner } from "../support/spawn-runner.js";

/**
 * The pipeline with real files and real `node --test` gates; only the model is scripted: each stage's
 * "session" is a function that writes files the way an agent's tools would (through the test lock).
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-pipeline-"));
  await mkdir(join(dir, "test"));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/add.js";\ntest("adds two numbers", () => assert.equal(add(2, 3), 5));\n`;
const PASSING_TEST = `import { test } from "node:test";\ntest("adds two numbers", () => {});\n`;
const WRONG = "export const add = (a, b) => a - b;\n";
const RIGHT = "export const add = (a, b) => a + b;\n";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type Script = Record<Role, Array<(write: (file: string, text: string) => Promise<void>) => Promise<SessionReport | void>>>;

function harness(script: Script, testCommand = "node --test", timeoutMs?: number) {
  const task: Task = { id: "T-1", requirement: "REQ-001", status: "pending", attempts: { tests: 0, implement: 0, review: 0 }, history: [] };
  const row: TraceRow = { id: "REQ-001", title: "Add", status: "pending", tests: { files: [], names: [] }, code: [], gates: {}, reviews: [] };
  const refused: string[] = [];
  const lock = createTestLock("qa", testCommand, (refusal) => refused.push(`${refusal.agent}:${refusal.file}`));
  const tamper: TamperAttempt[] = [];
  const calls: Role[] = [];
  const gateRuns: string[] = [];
  let baseline: ProjectSnapshot | undefined;
  const controller = new AbortController();
  const ports = {
    requirement: { id: "REQ-001", title: "Add", description: "add(a, b) returns the sum", source: { file: "SPEC.md", line: 1 } },
    testCommand,
    limits: DEFAULT_ATTEMPT_LIMITS,
    roles: { qa: "qa", backend: "backend", reviewer: "reviewer" },
    task: () => task,
    row: () => row,
    transition: async (status: Task["status"], reason: string, attempts: Task["attempts"], owner?: string) => {
      task.history.push({ at: new Date().toISOString(), from: task.status, to: status, reason });
      Object.assign(task, { status, attempts, owner });
      row.status = status;
    },
    updateRow: async (mutate: (r: TraceRow) => void) => mutate(row),
    runAgent: async (stage: Role): Promise<SessionReport> => {
      calls.push(stage);
      const agent = ports.roles[stage];
      const next = script[stage].shift();
      if (!next) throw new Error(`no scripted session left for ${stage}`);
      const write = async (file: string, text: string) => {
        if (lock.guard(file, agent, text) === undefined) await writeFile(join(dir, file), text);
      };
      return (await next(write)) ?? { ended: "completed" };
    },
    runGate: (_gate: string, command = testCommand) => {
      gateRuns.push(command);
      // The process helper's runner where the test needs its timeout (spawnRunner has none).
      return runTestCommand(timeoutMs ? runnerForTest() : spawnRunner, command, { cwd: dir, env: scrubbedEnvironment({ PATH: process.env.PATH ?? "" }), signal: controller.signal, ...(timeoutMs ? { timeoutMs } : {}) });
    },
    narrowedCommand: (narrowing: Narrowing) => narrowCommand(testCommand, dir, narrowing),
    snapshot: () => takeSnapshot(dir),
    baseline: async () => (baseline ??= await takeSnapshot(dir)),
    lockTests: (files: string[]) => lock.lock(files),
    reportTamper: async (attempt: TamperAttempt) => {
      tamper.push(attempt);
    },
    signal: controller.signal,
  };
  return { ports, task, row, refused, tamper, calls, gateRuns, statuses: () => task.history.map((entry) => entry.to) };
}

const approve: SessionReport = { ended: "completed", verdict: { verdict: "approve", summary: "good", findings: [] } };

describe("requirement pipeline with real node --test gates", () => {
  it("goes red, refuses tampering, fails green once, loops a review and ends approved with evidence", async () => {
    const h = harness({
      qa: [async () => {}, async (write) => write("test/add.test.js", TEST)],
      backend: [
        async (write) => {
          await write("test/add.test.js", PASSING_TEST);
          await write("src/add.js", WRONG);
        },
        async (write) => write("src/add.js", RIGHT),
        async (write) => write("src/add.js", `/** Sum of two numbers. */\n${RIGHT}`),
      ],
      reviewer: [async () => ({ ended: "completed", verdict: { verdict: "request_changes", summary: "document it", findings: ["add a doc comment"] } }), async () => approve],
    });
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    expect(h.statuses()).toEqual([
      "writing_tests", "writing_tests", "writing_tests", // QA wrote nothing: red gate rejected
      "writing_tests", "writing_tests", "red",
      "implementing", "implementing", "implementing", // green failed
      "implementing", "implementing", "green",
      "in_review", "changes_requested",
      "implementing", "implementing", "green",
      "in_review", "approved",
    ]);
    expect(h.refused).toEqual(["backend:test/add.test.js"]);
    expect(h.row.tests).toEqual({ files: ["test/add.test.js"], names: ["test/add.test.js::adds two numbers"], digests: { "test/add.test.js": sha256(TEST) }, harness: {} });
    expect(h.row.ledger?.passed).toEqual(["test/add.test.js::adds two numbers"]);
    expect(h.row.code).toEqual(["src/add.js"]);
    expect(h.row.gates.red?.exitCode).toBe(1);
    expect(h.row.gates.green?.exitCode).toBe(0);
    expect(h.row.reviews.map((review) => review.verdict)).toEqual(["request_changes", "approve"]);
  });

  it("waits for a person without charging QA when the test command could not start, and does not repeat it", async () => {
    const h = harness({ qa: [async (write) => write("test/add.test.js", TEST)], backend: [], reviewer: [] }, "no-such-test-runner-here");
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.gateRuns).toEqual(["no-such-test-runner-here"]);
    expect(h.task.attempts.tests).toBe(1);
    expect(h.task.history.at(-1)?.reason).toMatch(/^the test command cannot run here \(no agent was charged an attempt\); .*: red gate: environment failure: the test command could not run a program \(exit 127\)/);
  });

  it("repeats a gate run that timed out once, then waits for a person without charging QA", async () => {
    const h = harness({ qa: [async (write) => write("test/add.test.js", TEST)], backend: [], reviewer: [] }, "sleep 5", 300);
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.gateRuns).toEqual(["sleep 5", "sleep 5"]);
    expect(h.task.attempts.tests).toBe(1);
    expect(h.task.history.at(-1)?.reason).toMatch(/red gate: environment failure: the test run timed out \(greenlight\.json gateTimeout\); the same on a second run$/);
  });

  it("passes a locked test that failed once and passed on re-run by name, to the reviewer's attention", async () => {
    const flaky = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { mkdirSync, readFileSync, writeFileSync } from "node:fs";\nimport { add } from "../src/add.js";\ntest("adds two numbers", () => {\n  mkdirSync(".cache", { recursive: true });\n  let runs = 0;\n  try { runs = Number(readFileSync(".cache/runs", "utf8")); } catch {}\n  writeFileSync(".cache/runs", String(runs + 1));\n  assert.notEqual(runs, 0, "the first run flakes");\n  assert.equal(add(2, 3), 5);\n});\n`;
    const h = harness({ qa: [async (write) => write("test/add.test.js", flaky)], backend: [async (write) => write("src/add.js", RIGHT)], reviewer: [async () => approve] });
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    expect(h.gateRuns).toEqual(["node --test", "node --test", "node --test --test-name-pattern='adds two numbers' test/add.test.js"]);
    expect(h.task.attempts.implement).toBe(1);
    expect(h.row.flakyTests).toMatchObject([{ test: "test/add.test.js::adds two numbers", times: 1, locked: true }]);
    expect(h.row.gates.green?.summary).toMatch(/REQ-001's own locked test\(s\) passed only on re-run, so they pass to the reviewer's and your attention: test\/add\.test\.js::adds two numbers$/);
  });

  it("refuses a green gate after a locked test was changed behind the write guard (through Bash)", async () => {
    const h = harness({
      qa: [async (write) => write("test/add.test.js", TEST)],
      backend: [
        async () => writeFile(join(dir, "test/add.test.js"), PASSING_TEST),
        async () => {
          await writeFile(join(dir, "test/add.test.js"), TEST);
          await writeFile(join(dir, "src/add.js"), RIGHT);
        },
      ],
      reviewer: [async () => approve],
    });
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    const refusal = h.task.history.find((entry) => /locked test file/.test(entry.reason));
    expect(refusal?.reason).toMatch(/test\/add\.test\.js changed since the red gate/);
    expect(h.task.attempts.implement).toBe(2);
    expect(h.tamper).toMatchObject([{ agent: "backend", caught: "gate", kind: "locked_test", files: ["test/add.test.js"] }]);
  });

  it("after a resume, refuses the green gate when a locked test changed on disk before the crash (the red gate's digests are in the row)", async () => {
    const h = harness({
      qa: [],
      backend: [async (write) => write("src/add.js", RIGHT), async () => writeFile(join(dir, "test/add.test.js"), TEST)],
      reviewer: [async () => approve],
    });
    // As a run killed while implementing leaves it: the red gate's contract saved, then Bash rewrote the test.
    await writeFile(join(dir, "test/add.test.js"), PASSING_TEST);
    await writeFile(join(dir, "src/add.js"), WRONG);
    h.task.status = "implementing";
    h.task.attempts = { tests: 1, implement: 1, review: 0 };
    h.row.tests = { files: ["test/add.test.js"], names: ["adds two numbers"], digests: { "test/add.test.js": sha256(TEST) } };
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    const refusal = h.task.history.find((entry) => /locked test file/.test(entry.reason));
    expect(refusal?.reason).toMatch(/test\/add\.test\.js changed since the red gate/);
    expect(h.calls).toEqual(["backend", "backend", "reviewer"]);
  });

  it("escalates at once when the same failure repeats with no file changed", async () => {
    const h = harness({
      qa: [async (write) => write("test/add.test.js", TEST)],
      backend: [async (write) => write("src/add.js", WRONG), async () => {}],
      reviewer: [],
    });
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.task.attempts.implement).toBe(2);
    expect(h.task.history.at(-1)?.reason).toMatch(/^stuck: the same failure twice/);
  });

  it("blocks after maxAttempts.implement failing green gates", async () => {
    const h = harness({
      qa: [async (write) => write("test/add.test.js", TEST)],
      backend: [1, 2, 3].map((n) => async (write: (f: string, t: string) => Promise<void>) => write("src/add.js", `export const add = () => ${n};\n`)),
      reviewer: [],
    });
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.task.history.at(-1)?.reason).toMatch(/still fails after 3 implementation attempts/);
  });

  it("sends tests that already pass back to QA and blocks after maxAttempts.tests", async () => {
    const h = harness({ qa: [1, 2, 3].map(() => async (write: (f: string, t: string) => Promise<void>) => write("test/add.test.js", PASSING_TEST)), backend: [], reviewer: [] });
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.task.attempts.tests).toBe(3);
    expect(h.task.history.at(-1)?.reason).toMatch(/QA could not produce failing tests in 3 attempts: red gate: the test run passes/);
  });

  it("counts a review with no verdict as changes requested, and blocks on an agent's question", async () => {
    const h = harness({
      qa: [async (write) => write("test/add.test.js", TEST)],
      backend: [async (write) => write("src/add.js", RIGHT), async () => ({ ended: "completed", question: "which rounding?" })],
      reviewer: [async () => {}],
    });
    expect(await runRequirementPipeline(h.ports)).toBe("blocked");
    expect(h.row.reviews[0]).toMatchObject({ verdict: "request_changes", summary: "the reviewer gave no verdict" });
    expect(h.task.blockedReason ?? h.task.history.at(-1)?.reason).toBe("the agent asks: which rounding?");
  });

  it("resumes a task from its status without redoing finished stages", async () => {
    const h = harness({ qa: [], backend: [], reviewer: [async () => approve] });
    await writeFile(join(dir, "test/add.test.js"), TEST);
    await writeFile(join(dir, "src/add.js"), RIGHT);
    h.task.status = "in_review";
    h.row.tests.files = ["test/add.test.js"];
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    expect(h.calls).toEqual(["reviewer"]);
  });
});

const PY_TEST = "from calc import add\n\ndef test_adds_two_numbers():\n    assert add(2, 3) == 5\n";

describe("requirement pipeline with real pytest gates", () => {
  it("goes red, then green after one failure, and records pytest's test names", async () => {
    const h = harness(
      {
        qa: [async (write) => write("test_calc.py", PY_TEST)],
        backend: [async (write) => write("calc.py", "def add(a, b):\n    return a - b\n"), async (write) => write("calc.py", "def add(a, b):\n    return a + b\n")],
        reviewer: [async () => approve],
      },
      "python3 -m pytest -v -p no:cacheprovider",
    );
    expect(await runRequirementPipeline(h.ports)).toBe("approved");
    expect(h.row.tests).toEqual({ files: ["test_calc.py"], names: ["test_calc.py::test_adds_two_numbers"], digests: { "test_calc.py": sha256(PY_TEST) }, harness: {} });
    expect(h.row.gates.green).toMatchObject({ exitCode: 0, evidence: "report", passed: true });
    expect(h.row.code).toEqual(["calc.py"]);
    expect(h.task.attempts).toEqual({ tests: 1, implement: 2, review: 1 });
  });
});
