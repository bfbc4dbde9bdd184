import { describe, expect, it } from "vitest";
import { branchRequirement, requirementBranch } from "../../src/project/requirement-branch.js";

describe("requirementBranch", () => {
  it("names a branch after a feature-namespaced id, and reads the id back", () => {
    expect(requirementBranch("001-photo-albums/FR-001")).toBe("greenlight/001-photo-albums/FR-001");
    expect(branchRequirement("refs/heads/greenlight/001-photo-albums/FR-001")).toBe("001-photo-albums/FR-001");
  });

  it.each(["../x", "a/b/c", "a//b", "/a", "a/", "a/.b", "x.lock"])("refuses %s", (id) => {
    expect(() => requirementBranch(id)).toThrow(/cannot name a git branch/);
  });
});
