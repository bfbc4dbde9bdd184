import { describe, expect, it } from "vitest";
import { createTestLock } from "../../src/gates/test-lock.js";
import { failureSignature, isStuck } from "../../src/workflow/stuck-detector.js";
import { resultsFrom, testCase } from "../../src/gates/test-results.js";

describe("test lock", () => {
  it("refuses writes to locked tests by anyone but QA and reports each refusal", () => {
    const refused: string[] = [];
    const lock = createTestLock("qa", (file, agent) => refused.push(`${agent}:${file}`));
    lock.lock(["test/add.test.js"]);
    expect(lock.guard("./test/add.test.js", "backend")).toMatch(/locked test file.*handoff to QA/s);
    expect(lock.guard("test/add.test.js", "qa")).toBeUndefined();
    expect(lock.guard("src/add.js", "backend")).toBeUndefined();
    expect(refused).toEqual(["backend:test/add.test.js"]);
    lock.unlock(["test/add.test.js"]);
    expect(lock.guard("test/add.test.js", "backend")).toBeUndefined();
  });
});

describe("stuck detection", () => {
  const failing = resultsFrom("output", [testCase("adds", "failed")]);

  it("is stuck on the same failure with the same files, not when a file changed", () => {
    const first = { signature: failureSignature(1, failing, ""), tree: "t1" };
    expect(isStuck(undefined, first)).toBe(false);
    expect(isStuck(first, { ...first })).toBe(true);
    expect(isStuck(first, { ...first, tree: "t2" })).toBe(false);
  });

  it("ignores timings when the runner reports no per-test results", () => {
    const none = resultsFrom("exit-code", []);
    expect(failureSignature(1, none, "boom after 12.5ms in /tmp/x1/a.js")).toBe(failureSignature(1, none, "boom after 3ms in /tmp/y2/a.js"));
    expect(failureSignature(1, none, "boom")).not.toBe(failureSignature(1, none, "bang"));
  });
});
