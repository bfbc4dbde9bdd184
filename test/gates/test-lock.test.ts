import { describe, expect, it } from "vitest";
import { createTestLock } from "../../src/gates/test-lock.js";
import { harnessDigests } from "../../src/gates/test-harness.js";
import { failureSignature, isStuck } from "../../src/workflow/stuck-detector.js";
import { resultsFrom, testCase } from "../../src/gates/test-results.js";

describe("test lock", () => {
  it("refuses writes to locked tests by anyone but QA and reports each refusal", () => {
    const refused: string[] = [];
    const lock = createTestLock("qa", "npm test", (refusal) => refused.push(`${refusal.agent}:${refusal.file}:${refusal.kind}`));
    lock.lock(["test/add.test.js"]);
    expect(lock.guard("./test/add.test.js", "backend")).toMatch(/locked test file.*handoff to QA/s);
    expect(lock.guard("test/add.test.js", "qa")).toBeUndefined();
    expect(lock.guard("src/add.js", "backend")).toBeUndefined();
    expect(refused).toEqual(["backend:test/add.test.js:locked_test"]);
    lock.unlock(["test/add.test.js"]);
    expect(lock.guard("test/add.test.js", "backend")).toBeUndefined();
  });

  it("refuses a write that changes the locked harness, judged on the new content: package.json may still gain dependencies", () => {
    const refused: string[] = [];
    const lock = createTestLock("qa", "npm test", (refusal) => refused.push(`${refusal.agent}:${refusal.parts.join(",")}`));
    const pkg = (test: string, extra: Record<string, unknown> = {}) => JSON.stringify({ type: "module", scripts: { test }, ...extra }, null, 2);
    const files = { "package.json": pkg("node --test"), "conftest.py": "" };
    lock.lockHarness(harnessDigests(files, "npm test"));
    expect(lock.guard("package.json", "backend", pkg("node --test", { dependencies: { lodash: "4.17.21" } }))).toBeUndefined();
    expect(lock.guard("package.json", "backend", pkg("node --test || true"))).toMatch(/package\.json scripts\.test is part of the locked test harness.*handoff to QA/s);
    expect(lock.guard("package.json", "backend", pkg("node --test", { scripts: { test: "node --test", pretest: "exit 0" } }))).toMatch(/scripts\.pretest/);
    expect(lock.guard("package.json", "qa", pkg("node --test test/a.test.js"))).toBeUndefined();
    expect(lock.guard("tests/conftest.py", "backend", "import pytest\n")).toMatch(/tests\/conftest\.py is part of the locked test harness/);
    expect(lock.guard("conftest.py", "backend", "")).toBeUndefined();
    expect(lock.guard("src/calc.js", "backend", "export {}")).toBeUndefined();
    // Without the new content (the check before the file is read), a harness file is judged at the write.
    expect(lock.guard("package.json", "backend")).toBeUndefined();
    expect(refused).toEqual(["backend:package.json#scripts.test", "backend:package.json#scripts.pretest", "backend:tests/conftest.py"]);
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
