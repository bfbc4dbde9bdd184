import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { approve, removeProject, runCheat, say, write, type CheatRun } from "./cheat-harness.js";

/**
 * Gates on suites shaped like real repositories, through the real pipeline (node --test behind npm test):
 * a test that failed before any work, a regression, a flaky test, and a red gate that needs only QA's files.
 */

const REPO = join(import.meta.dirname, "../..");
const PACKAGE = JSON.stringify({ name: "baseline", private: true, type: "module", scripts: { test: "node --test" } }, null, 2);
const nodeTest = (imports: string, body: string) => `import { test } from "node:test";\nimport assert from "node:assert/strict";\n${imports}\n${body}`;
const MONEY = "export const round2 = (x) => Math.floor(x * 100) / 100;\n";
const MONEY_TEST = nodeTest(
  'import { round2 } from "../src/money.js";\n',
  'test("round2 keeps whole cents", () => assert.equal(round2(1.25), 1.25));\ntest("round2 rounds half cents up", () => assert.equal(round2(1.005 + 0.0001), 1.01));\n',
);
const ADD_TEST = nodeTest('import * as calc from "../src/calc.js";\n', 'test("add returns the sum", () => assert.equal(calc.add(2, 3), 5));\n');
const SUB_TEST = nodeTest('import * as calc from "../src/calc.js";\n', 'test("subtract returns the difference", () => assert.equal(calc.subtract(5, 3), 2));\n');
const ADD = "export const add = (a, b) => a + b;\n";
const SUB = "export const subtract = (a, b) => a - b;\n";
const SPEC = "# Calc\n\n## REQ-001: Add\n`add(a, b)` returns the sum.\n\n## REQ-002: Subtract\n`subtract(a, b)` returns the difference.\n";
const ONE = "# Calc\n\n## REQ-001: Add\n`add(a, b)` returns the sum.\n";
const reviewer = (requirement: string) => ({ agent: "reviewer", requirement, turns: approve });
const gateLines = (current: CheatRun, gate: string) => current.lines.filter((line) => new RegExp(` gate +REQ-\\d+ ${gate} gate `).test(line));

let run: CheatRun | undefined;
afterEach(async () => {
  await removeProject(run);
  run = undefined;
});

describe("gates against the baseline", { timeout: 180_000 }, () => {
  it("approves honest work beside a test that failed before it, refuses a regression by name, and runs only QA's files at a test-only red gate", async () => {
    run = await runCheat({
      files: { "package.json": PACKAGE, "src/calc.js": "export const version = 1;\n", "src/money.js": MONEY, "test/money.test.js": MONEY_TEST },
      spec: SPEC,
      cassette: [
        { agent: "qa", requirement: "REQ-001", turns: [write("test/add.test.js", ADD_TEST), say("Tests written.")] },
        { agent: "backend", requirement: "REQ-001", turns: [write("src/calc.js", `export const version = 1;\n${ADD}`), say("Done.")] },
        reviewer("REQ-001"),
        { agent: "qa", requirement: "REQ-002", turns: [write("test/sub.test.js", SUB_TEST), say("Tests written.")] },
        {
          agent: "backend",
          requirement: "REQ-002",
          turns: [
            write("src/calc.js", `export const version = 1;\n${ADD}${SUB}`),
            write("src/money.js", "export const round2 = (x) => Math.floor(x * 10) / 10;\n"),
            say("Done, and tidied round2."),
            write("src/money.js", MONEY),
            say("Put round2 back."),
          ],
        },
        reviewer("REQ-002"),
      ],
    });
    const current = run;
    const log = current.lines.join("\n");
    expect(current.finished.summary.outcome, log).toBe("approved");
    const [first, second] = current.finished.rows;
    // The test that failed before the work is on both rows, never counted as passed, and did not cost REQ-001 an attempt.
    for (const row of [first!, second!]) expect(row.knownFailures?.map((failure) => [failure.test, failure.fixedAt])).toEqual([["test/money.test.js::round2 rounds half cents up", undefined]]);
    expect(first!.ledger?.passed).not.toContain("test/money.test.js::round2 rounds half cents up");
    expect(current.events.filter((event) => event.type === "session_started" && event.agent === "backend" && event.requirement === "REQ-001")).toHaveLength(1);
    const green = gateLines(current, "green");
    expect(green[0]).toMatch(/REQ-001 green gate PASSED \(exit 1, .*failing before this work, not counted as passed: "test\/money\.test\.js::round2 rounds half cents up"/);
    // The regression is re-run by name (twice: it might be flaky), refused by name, then the honest retry passes.
    expect(green.slice(1)).toEqual([
      expect.stringMatching(/REQ-002 green gate FAILED .*re-run by name on the same code: failed again "test\/money\.test\.js::round2 keeps whole cents"/),
      expect.stringMatching(/REQ-002 green gate FAILED .*re-run by name on the same code: failed again/),
      expect.stringMatching(/REQ-002 green gate FAILED .*regression \(passed before this work, fails now\): "test\/money\.test\.js::round2 keeps whole cents"/),
      expect.stringMatching(/REQ-002 green gate PASSED/),
    ]);
    const backendPrompts = current.events.flatMap((event) => (event.type === "session_started" && event.agent === "backend" && event.requirement === "REQ-002" ? [event.prompt] : []));
    expect(backendPrompts[1]).toMatch(/## Sent back\ngreen gate failed: .*regression .*"test\/money\.test\.js::round2 keeps whole cents"/);
    expect(current.reviewerPrompts[0]).toMatch(/## Failing before this work\n- test\/money\.test\.js::round2 rounds half cents up\n/);
    const matrix = spawnSync(process.execPath, [join(REPO, "dist/main.js"), "matrix", "--project", current.project], { encoding: "utf8" });
    expect(matrix.stdout).toMatch(/REQ-001 .*exit 1, passed \(report\)/);
    expect(matrix.stdout).toContain("REQ-001 failing before this work (not counted as passed): test/money.test.js::round2 rounds half cents up\n");
    // REQ-001's red gate was the full run that recorded the baseline; REQ-002's ran only QA's file.
    const started = current.events.flatMap((event) => (event.type === "gate_started" && event.gate === "red" ? [`${event.requirement}: ${event.command}`] : []));
    expect(started).toEqual(["REQ-001: npm test", "REQ-002: npm test -- test/sub.test.js"]);
    expect(second!.gates.red?.command).toBe("npm test -- test/sub.test.js");
    expect(second!.gates.red?.summary).toMatch(/^1 new test\(s\) fail/);
    expect(gateLines(current, "red")[1]).toMatch(/\(exit 1, .*\): 1 new test\(s\) fail/);
  });

  it("re-runs a flaky test by name, records it as flaky without charging the backend, and keeps the file it writes out of CODE", async () => {
    const clock = nodeTest(
      'import { mkdirSync, readFileSync, writeFileSync } from "node:fs";\n',
      [
        'test("clock ticks within the frame budget", () => {',
        '  mkdirSync(".cache", { recursive: true });',
        '  let count = 0;',
        '  try { count = Number(readFileSync(".cache/flaky-count", "utf8")); } catch {}',
        '  writeFileSync(".cache/flaky-count", String(count + 1));',
        "  // Fails on every second run, whatever the code.",
        "  assert.equal((count + 1) % 2, 1);",
        "});",
        "",
      ].join("\n"),
    );
    run = await runCheat({
      git: true,
      files: { "package.json": PACKAGE, ".gitignore": ".cache/\n.greenlight/\n", "src/calc.js": "export const version = 1;\n", "test/clock.test.js": clock },
      spec: ONE,
      cassette: [
        { agent: "qa", requirement: "REQ-001", turns: [write("test/add.test.js", ADD_TEST), say("Tests written.")] },
        { agent: "backend", requirement: "REQ-001", turns: [write("src/calc.js", `export const version = 1;\n${ADD}`), say("Done.")] },
        reviewer("REQ-001"),
      ],
    });
    const current = run;
    const log = current.lines.join("\n");
    expect(current.finished.summary.outcome, log).toBe("approved");
    const row = current.finished.rows[0]!;
    expect(row.flakyTests?.map((entry) => [entry.test, entry.times, entry.locked])).toEqual([["test/clock.test.js::clock ticks within the frame budget", 1, false]]);
    // One backend session: the flaky failure did not send it back.
    expect(current.events.filter((event) => event.type === "session_started" && event.agent === "backend")).toHaveLength(1);
    const reruns = current.events.flatMap((event) => (event.type === "gate_started" && event.gate === "green" ? [event.command] : []));
    expect(reruns).toEqual(["npm test", "npm test -- --test-name-pattern='clock ticks within the frame budget' test/clock.test.js"]);
    const green = gateLines(current, "green");
    expect(green[0]).toMatch(/PASSED .*re-run by name on the same code: passed "test\/clock\.test\.js::clock ticks within the frame budget"/);
    expect(green[1]).toMatch(/PASSED \(exit 1, .*flaky \(failed, then passed on re-run\): "test\/clock\.test\.js::clock ticks within the frame budget"/);
    expect(current.reviewerPrompts[0]).toMatch(/## Flaky tests \(passed only on re-run\)\n- test\/clock\.test\.js::clock ticks within the frame budget/);
    // The counter the test writes (in a folder .gitignore ignores) is there, and is not code.
    expect(existsSync(join(current.project, ".cache/flaky-count"))).toBe(true);
    expect(row.code).toEqual(["src/calc.js"]);
    const matrix = spawnSync(process.execPath, [join(REPO, "dist/main.js"), "matrix", "--project", current.project], { encoding: "utf8" });
    expect(matrix.stdout).toContain("REQ-001 flaky (passed only on re-run): test/clock.test.js::clock ticks within the frame budget (re-run in 1 gate run)\n");
  });
});
