import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changedLockedTests, testDigests } from "../../src/gates/test-contract.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("test contract digests", () => {
  it("digests each locked file the snapshot holds, and leaves out one it could not read", () => {
    expect(testDigests(["a.test.js", "big.test.js"], { "a.test.js": "test A", "src/x.js": "code" })).toEqual({ "a.test.js": sha256("test A") });
  });

  it("counts a changed or deleted locked file as changed, and an untouched one or no contract at all as not", () => {
    const digests = { "a.test.js": sha256("test A"), "b.test.js": sha256("test B"), "c.test.js": sha256("test C") };
    expect(changedLockedTests(digests, { "a.test.js": "test A", "b.test.js": "test B, weakened" })).toEqual(["b.test.js", "c.test.js"]);
    expect(changedLockedTests(undefined, { "a.test.js": "anything" })).toEqual([]);
  });
});
