import { describe, expect, it } from "vitest";
import type { TraceRow } from "../../src/domain/traceability.js";
import { attentionItems } from "../../src/report/attention.js";
import { lockedTestResults } from "../../src/report/test-results-by-gate.js";

const gate = (exitCode: number, evidence: "report" | "exit-code" = "report") => ({ command: "npm test", exitCode, at: "2026-01-01T00:00:00.000Z", durationMs: 1, summary: "s", evidence, passed: true });

function row(extra: Partial<TraceRow> = {}): TraceRow {
  return { id: "REQ-001", title: "T", status: "approved", tests: { files: ["t.js"], names: ["a", "b"] }, code: [], gates: { red: gate(1), green: gate(0) }, reviews: [], ledger: { passed: ["a"], at: "x" }, ...extra };
}

describe("what the report flags and shows per test", () => {
  it("flags, worst first, rows that no longer verify, changed since approval, approved on the exit code, known failures and flaky tests", () => {
    const items = attentionItems([
      row({ id: "R1", flakyTests: [{ test: "a", times: 2, locked: true, at: "x" }], knownFailures: [{ test: "old", since: "x" }, { test: "fixed", since: "x", fixedAt: "y" }] }),
      row({ id: "R2", gates: { red: gate(1), green: gate(0, "exit-code") } }),
      row({ id: "R3", changedSinceApproval: { at: "x", title: "Old", description: "d" }, verification: { at: "x", holds: false, reasons: ["test failing: a"] } }),
      row({ id: "R4" }),
    ]);
    expect(items.map((item) => [item.requirement, item.kind])).toEqual([
      ["R3", "no-longer-verifies"],
      ["R3", "changed-since-approval"],
      ["R2", "exit-code-only"],
      ["R1", "known-failure"],
      ["R1", "flaky"],
    ]);
  });

  it("shows a test passed at a gate only where a record names it", () => {
    const results = lockedTestResults(row({ integrationGate: gate(0), verification: { at: "x", holds: false, reasons: ["test missing: b"] } }), new Set(["b"]));
    expect(results).toEqual([
      { name: "a", red: "failed as required", green: "passed", integration: "passed", verify: "passed" },
      { name: "b", red: "failed as required", green: "failed", integration: "failed", verify: "failed" },
    ]);
    const exitOnly = lockedTestResults(row({ gates: { red: gate(1), green: gate(0, "exit-code") }, ledger: undefined }), new Set());
    expect(exitOnly[0]).toMatchObject({ green: "exit code only", integration: "not run", verify: "not run" });
  });
});
