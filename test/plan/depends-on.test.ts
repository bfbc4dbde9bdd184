import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/plan/import-spec.js";
import { applyRequirements } from "../../src/store/apply-requirements.js";
import type { StateSnapshot } from "../../src/store/state-store.js";

const empty = (): StateSnapshot => ({ taskList: { schemaVersion: 1, requirements: [], tasks: [] }, matrix: { schemaVersion: 1, requirements: [] } });

/** A spec with REQ-001..REQ-003 and `line` in REQ-004's description. */
const specWith = (line: string) => ["## REQ-001: a", "", "## REQ-002: b", "", "## REQ-003: c", "", "## REQ-004: d", "Some text.", line, "More text."].join("\n");
const dependsOf = (line: string) => parseSpec(specWith(line), "SPEC.md").requirements.find((r) => r.id === "REQ-004")!.dependsOn;

describe("Depends on in a spec", () => {
  it.each([
    ["Depends on: REQ-001", ["REQ-001"]],
    ["Depends on: REQ-001, REQ-002", ["REQ-001", "REQ-002"]],
    ["Depends on REQ-001 and REQ-002", ["REQ-001", "REQ-002"]],
    ["Depends on: REQ-001, REQ-002, and REQ-003.", ["REQ-001", "REQ-002", "REQ-003"]],
    ["**Depends on:** REQ-001", ["REQ-001"]],
    ["**Depends on**: REQ-002, REQ-001", ["REQ-002", "REQ-001"]],
    ["_Depends on:_ `REQ-003`", ["REQ-003"]],
    ["DEPENDS ON: REQ-001", ["REQ-001"]],
    ["depends on REQ-002", ["REQ-002"]],
    ["- Depends on: REQ-001 & REQ-003", ["REQ-001", "REQ-003"]],
    ["> Depends on: REQ-001; REQ-001", ["REQ-001"]],
  ])("reads %j", (line, ids) => {
    expect(dependsOf(line)).toEqual(ids);
  });

  it("keeps the line in the description, and leaves dependsOn out when there is none", () => {
    const { requirements } = parseSpec(specWith("**Depends on:** REQ-001"), "SPEC.md");
    expect(requirements[3]!.description).toBe("Some text.\n**Depends on:** REQ-001\nMore text.");
    expect(requirements[0]).not.toHaveProperty("dependsOn");
  });

  it.each([
    "It depends on REQ-001 being fast.",
    "Depends on the network.",
    "Depends on: none",
  ])("reads no dependency from %j", (line) => {
    expect(dependsOf(line)).toBeUndefined();
  });

  it("collects several Depends on lines and ignores one in fenced code", () => {
    const spec = ["## REQ-001: a", "## REQ-002: b", "## REQ-003: c", "Depends on: REQ-001", "```", "Depends on: REQ-999", "```", "Depends on: REQ-002"].join("\n");
    expect(parseSpec(spec, "SPEC.md").requirements[2]!.dependsOn).toEqual(["REQ-001", "REQ-002"]);
  });

  it("names the file and line of a dependency on an id the spec does not have", () => {
    expect(() => dependsOf("Depends on: REQ-001, REQ-009")).toThrow("SPEC.md:9: REQ-004 depends on REQ-009, which is not in the spec");
  });

  it("names the file and line of a requirement that depends on itself", () => {
    expect(() => dependsOf("Depends on REQ-004")).toThrow("SPEC.md:9: REQ-004 depends on itself");
  });

  it("names a cycle, its file and the lines that make it", () => {
    const spec = ["## REQ-001: a", "Depends on: REQ-002", "", "## REQ-002: b", "Depends on: REQ-003", "## REQ-003: c", "Depends on: REQ-001"].join("\n");
    expect(() => parseSpec(spec, "SPEC.md")).toThrow("SPEC.md:2: dependency cycle: REQ-001 -> REQ-002 -> REQ-003 -> REQ-001 (Depends on at lines 2, 5, 7)");
    const two = ["## REQ-001: a", "## REQ-002: b", "Depends on: REQ-003", "## REQ-003: c", "Depends on: REQ-001, REQ-002"].join("\n");
    expect(() => parseSpec(two, "SPEC.md")).toThrow("SPEC.md:3: dependency cycle: REQ-002 -> REQ-003 -> REQ-002 (Depends on at lines 3, 5)");
  });

  it("accepts a diamond, which is no cycle", () => {
    const spec = ["## REQ-001: a", "## REQ-002: b", "Depends on: REQ-001", "## REQ-003: c", "Depends on: REQ-001", "## REQ-004: d", "Depends on: REQ-002, REQ-003"].join("\n");
    expect(parseSpec(spec, "SPEC.md").requirements.map((r) => r.dependsOn ?? [])).toEqual([[], ["REQ-001"], ["REQ-001"], ["REQ-002", "REQ-003"]]);
  });

  it("refuses a 'Depends on:' that names no id", () => {
    expect(() => dependsOf("Depends on: the login page")).toThrow("SPEC.md:9: 'Depends on:' names no requirement id");
  });
});

describe("re-planning dependencies", () => {
  it("adds, changes and removes dependsOn, reporting the requirement as updated", () => {
    const state = empty();
    applyRequirements(state, parseSpec("## REQ-1: a\n## REQ-2: b\nDepends on: REQ-1\n## REQ-3: c\n", "S.md").requirements, "t1");
    const byId = () => Object.fromEntries(state.taskList.requirements.map((r) => [r.id, r.dependsOn]));
    expect(byId()).toEqual({ "REQ-1": undefined, "REQ-2": ["REQ-1"], "REQ-3": undefined });

    const changed = applyRequirements(state, parseSpec("## REQ-1: a\n## REQ-2: b\n## REQ-3: c\n**Depends on:** REQ-1 and REQ-2\n", "S.md").requirements, "t2");
    expect(changed.updated).toEqual(["REQ-2", "REQ-3"]);
    expect(byId()).toEqual({ "REQ-1": undefined, "REQ-2": undefined, "REQ-3": ["REQ-1", "REQ-2"] });
    expect(state.taskList.requirements[1]).not.toHaveProperty("dependsOn");

    const before = JSON.stringify(state);
    const again = applyRequirements(state, parseSpec("## REQ-1: a\n## REQ-2: b\n## REQ-3: c\n**Depends on:** REQ-1 and REQ-2\n", "S.md").requirements, "t3");
    expect(again.unchanged).toHaveLength(3);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("fills in dependencies for a state imported before greenlight read them, though the text is the same", () => {
    const state = empty();
    const spec = "## REQ-1: a\n## REQ-2: b\nDepends on: REQ-1\n";
    applyRequirements(state, parseSpec(spec, "S.md").requirements, "t1");
    delete state.taskList.requirements[1]!.dependsOn;
    expect(applyRequirements(state, parseSpec(spec, "S.md").requirements, "t2").updated).toEqual(["REQ-2"]);
    expect(state.taskList.requirements[1]!.dependsOn).toEqual(["REQ-1"]);
  });
});
