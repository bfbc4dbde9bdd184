import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/plan/import-spec.js";
import { applyRequirements } from "../../src/store/apply-requirements.js";
import type { StateSnapshot } from "../../src/store/state-store.js";

const SPEC = [
  "# Calculator",
  "",
  "Intro text is not a requirement.",
  "",
  "## REQ-001: Add two numbers",
  "Returns the sum.",
  "",
  "## UTF-8 handling",
  "prose, not an id",
  "",
  "- REQ-002 — Subtract",
  "  Returns the difference.",
  "- **FR-003**: Multiply",
  "1. US-4. Divide",
  "```",
  "## REQ-999: inside a code fence",
  "```",
].join("\n");

const empty = (): StateSnapshot => ({ taskList: { schemaVersion: 1, requirements: [], tasks: [] }, matrix: { schemaVersion: 1, requirements: [] } });

describe("parseSpec", () => {
  it("reads ids from headings and list items with their titles, descriptions and lines", () => {
    const { requirements } = parseSpec(SPEC, "SPEC.md");
    expect(requirements.map((r) => [r.id, r.title, r.source.line])).toEqual([
      ["REQ-001", "Add two numbers", 5],
      ["REQ-002", "Subtract", 11],
      ["FR-003", "Multiply", 13],
      ["US-4", "Divide", 14],
    ]);
    expect(requirements[0]!.description).toBe("Returns the sum.");
    expect(requirements[1]!.description).toBe("  Returns the difference.");
    expect(requirements[3]!.description).toContain("REQ-999");
  });

  it("names both lines of a duplicate id", () => {
    expect(() => parseSpec("## REQ-1: a\n\n## REQ-1: b\n", "S.md")).toThrow("S.md:3: duplicate requirement id REQ-1 (first at line 1)");
  });

  it("says what it expected when no id is found", () => {
    expect(() => parseSpec("# Title\njust prose\n", "S.md")).toThrow(/S\.md: no requirement ids found; expected headings or list items/);
  });
});

describe("applyRequirements", () => {
  it("adds one pending task and row per requirement, and re-planning is idempotent", () => {
    const state = empty();
    const first = applyRequirements(state, parseSpec(SPEC, "SPEC.md").requirements, "t1");
    expect(first.added).toEqual(["REQ-001", "REQ-002", "FR-003", "US-4"]);
    expect(state.taskList.tasks.map((t) => [t.id, t.status])).toContainEqual(["T-REQ-001", "pending"]);
    const before = JSON.stringify(state);
    const second = applyRequirements(state, parseSpec(SPEC, "SPEC.md").requirements, "t2");
    expect(second.unchanged).toHaveLength(4);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("updates titles, marks removed requirements with work, drops those without", () => {
    const state = empty();
    applyRequirements(state, parseSpec("## REQ-1: a\n## REQ-2: b\n## REQ-3: c\n", "S.md").requirements, "t1");
    state.taskList.tasks[1]!.status = "red";
    const summary = applyRequirements(state, parseSpec("## REQ-1: A new title\n", "S.md").requirements, "t2");
    expect(summary).toMatchObject({ updated: ["REQ-1"], removed: ["REQ-2"], dropped: ["REQ-3"] });
    expect(state.taskList.requirements.map((r) => [r.id, r.removed ?? false])).toEqual([["REQ-1", false], ["REQ-2", true]]);
    expect(state.matrix.requirements.map((r) => [r.id, r.title, r.status])).toEqual([["REQ-1", "A new title", "pending"], ["REQ-2", "b", "removed"]]);
    const back = applyRequirements(state, parseSpec("## REQ-1: A new title\n## REQ-2: b\n", "S.md").requirements, "t3");
    expect(back.updated).toEqual(["REQ-2"]);
    expect(state.matrix.requirements[1]!.status).toBe("red");
  });

  it("removes only requirements in the spec's scope, and the ids it removes explicitly", () => {
    const state = empty();
    const feature = (id: string, name: string) => ({ id: `${name}/${id}`, title: id, description: "", source: { file: `specs/${name}/spec.md`, line: 1 }, feature: name });
    applyRequirements(state, [feature("FR-001", "a"), feature("FR-002", "a"), feature("FR-001", "b")], "t1");
    const ofA = (requirement: { feature?: string }) => requirement.feature === "a";
    const replan = applyRequirements(state, [feature("FR-001", "a")], "t2", { inScope: ofA });
    expect(replan).toMatchObject({ unchanged: ["a/FR-001"], dropped: ["a/FR-002"] });
    expect(state.taskList.requirements.map((r) => r.id)).toEqual(["a/FR-001", "b/FR-001"]);
    const delta = applyRequirements(state, [], "t3", { inScope: () => false, removed: ["b/FR-001"] });
    expect(delta.dropped).toEqual(["b/FR-001"]);
  });

  it("reopens an approved requirement whose criteria changed, keeping what it said, unless kept approved", () => {
    const state = empty();
    const requirement = (text: string) => ({ id: "R-1", title: "t", description: "d", source: { file: "S.md", line: 1 }, criteria: [{ id: "1", text }] });
    applyRequirements(state, [requirement("old")], "t1");
    state.taskList.tasks[0]!.status = "approved";
    state.matrix.requirements[0]!.status = "approved";
    const kept = applyRequirements(state, [requirement("new")], "t2", { keepApproved: true });
    expect(kept.reopened).toEqual(["R-1"]);
    expect(state.taskList.tasks[0]!.status).toBe("approved");
    expect(state.matrix.requirements[0]!.changedSinceApproval).toEqual({ at: "t2", title: "t", description: "d", criteria: ["1: old"] });
    expect(applyRequirements(state, [requirement("new")], "t3").unchanged).toEqual(["R-1"]);
    applyRequirements(state, [requirement("newer")], "t4");
    expect(state.taskList.tasks[0]!.status).toBe("pending");
    expect(state.matrix.requirements[0]!.changedSinceApproval!.criteria).toEqual(["1: old"]);
  });
});
