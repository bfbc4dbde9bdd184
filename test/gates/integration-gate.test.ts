import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TraceRow } from "../../src/domain/traceability.js";
import type { GateExecution } from "../../src/gates/gate-runner.js";
import { judgeIntegrationGate } from "../../src/gates/integration-gate.js";
import { testCase, type TestCase } from "../../src/gates/test-results.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const passed = (name: string): TestCase => testCase(name, "passed");
const failed = (name: string): TestCase => testCase(name, "failed");

function row(id: string, file: string, name: string, text: string, status: TraceRow["status"] = "approved"): TraceRow {
  return { id, title: id, status, tests: { files: [file], names: [name], digests: { [file]: sha(text) } }, code: [], gates: {}, reviews: [] };
}

function gate(exitCode: number, tests: TestCase[]): GateExecution {
  return { run: { command: "npm test", exitCode, at: "2026-12-02T12:00:00.000Z", durationMs: 1, summary: "" }, results: { reported: true, evidence: "report", tests }, outputTail: "", aborted: false };
}

const FILES = { "test/a.test.js": "a", "test/b.test.js": "b" };
const ROWS = [row("REQ-002", "test/b.test.js", "b works", "b", "approved"), row("REQ-001", "test/a.test.js", "a works", "a")];

describe("the integration gate", () => {
  it("passes when every locked test of the merged requirements passed by name", () => {
    const verdict = judgeIntegrationGate("REQ-002", ROWS, gate(0, [passed("a works"), passed("b works")]), FILES);
    expect(verdict).toMatchObject({ passed: true, evidence: "report", tests: [], changedTests: [] });
    expect(verdict.passedNames).toEqual(["a works", "b works"]);
  });

  it("names the tests that failed or are missing on the merged tree: an integrated requirement's test counts", () => {
    const verdict = judgeIntegrationGate("REQ-002", ROWS, gate(1, [failed("a works"), passed("b works")]), FILES);
    expect(verdict.passed).toBe(false);
    expect(verdict.tests).toEqual(["a works"]);
    expect(judgeIntegrationGate("REQ-002", ROWS, gate(0, [passed("b works")]), FILES).tests).toEqual(["a works"]);
  });

  it("refuses a merged tree whose locked test file is not the one recorded, even when everything passed", () => {
    const verdict = judgeIntegrationGate("REQ-002", ROWS, gate(0, [passed("a works"), passed("b works")]), { ...FILES, "test/a.test.js": "a, weakened by the merge" });
    expect(verdict).toMatchObject({ passed: false, changedTests: ["test/a.test.js"] });
    expect(verdict.summary).toMatch(/changed locked test file\(s\) test\/a\.test\.js/);
  });
});
