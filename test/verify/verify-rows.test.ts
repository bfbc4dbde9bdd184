import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TraceRow } from "../../src/domain/traceability.js";
import { resultsFrom, testCase } from "../../src/gates/test-results.js";
import { verifyRow, verifyRows, type VerifyInput } from "../../src/verify/verify-rows.js";

const TEXT = 'test("adds", () => {});\ntest("subtracts", () => {});\n';
const digest = (text: string) => createHash("sha256").update(text).digest("hex");

function row(extra: Partial<TraceRow> = {}): TraceRow {
  return { id: "REQ-001", title: "Math", status: "approved", tests: { files: ["test/math.test.js"], names: ["adds", "subtracts"], digests: { "test/math.test.js": digest(TEXT) } }, code: [], gates: {}, reviews: [], ...extra };
}

function input(tests: ReturnType<typeof testCase>[], extra: Partial<VerifyInput> = {}): VerifyInput {
  return { rows: [row()], results: resultsFrom("report", tests), exitCode: 0, command: "npm test", texts: { "test/math.test.js": TEXT }, at: "2026-01-01T00:00:00.000Z", ...extra };
}

describe("verifying a row", () => {
  it("holds when every locked test passes by name and the file is unchanged", () => {
    expect(verifyRow(row(), input([testCase("adds", "passed"), testCase("subtracts", "passed")]))).toMatchObject({ holds: true, reasons: [], evidence: "report" });
  });

  it("names a failing, a skipped and a missing test, and a changed or deleted file", () => {
    const failing = verifyRow(row(), input([testCase("adds", "failed"), testCase("subtracts", "skipped")], { exitCode: 1 }));
    expect(failing.reasons).toEqual(["test failing: adds", "test skipped: subtracts"]);
    expect(verifyRow(row(), input([testCase("adds", "passed")])).reasons).toEqual(["test missing: subtracts"]);
    expect(verifyRow(row(), input([testCase("adds", "passed"), testCase("subtracts", "passed")], { texts: { "test/math.test.js": `${TEXT} ` } })).reasons).toEqual(["test file changed: test/math.test.js"]);
    expect(verifyRow(row(), input([testCase("adds", "passed"), testCase("subtracts", "passed")], { texts: {} })).reasons).toEqual(["test file changed: test/math.test.js (gone)"]);
  });

  it("tolerates a test the baseline knew as failing, and nothing else", () => {
    const known = row({ knownFailures: [{ test: "test/math.test.js > adds", since: "2026-01-01T00:00:00.000Z" }] });
    expect(verifyRow(known, input([testCase("adds", "failed"), testCase("subtracts", "passed")], { exitCode: 1 })).holds).toBe(true);
    const fixed = row({ knownFailures: [{ test: "adds", since: "2026-01-01T00:00:00.000Z", fixedAt: "2026-01-02T00:00:00.000Z" }] });
    expect(verifyRow(fixed, input([testCase("adds", "failed"), testCase("subtracts", "passed")], { exitCode: 1 })).reasons).toEqual(["test failing: adds"]);
  });

  it("does not count a run that named no test as passing named tests; a row approved on the exit code is held to it", () => {
    const unnamed = input([], { results: resultsFrom("exit-code", []) });
    expect(verifyRow(row(), unnamed)).toMatchObject({ holds: false, evidence: "exit-code" });
    const exitOnly = row({ tests: { files: [], names: [] } });
    expect(verifyRow(exitOnly, unnamed)).toMatchObject({ holds: true, evidence: "exit-code" });
    expect(verifyRow(exitOnly, { ...unnamed, exitCode: 1 }).holds).toBe(false);
  });

  it("leaves rows that are not approved out", () => {
    expect(verifyRows(input([], { rows: [row(), row({ id: "REQ-002", status: "implementing" })] })).map((entry) => entry.id)).toEqual(["REQ-001"]);
  });
});
