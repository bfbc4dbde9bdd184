import { describe, expect, it } from "vitest";
import { criteriaCoverage, criteriaNamedBy, unchangedCoverage } from "../../src/gates/criteria-coverage.js";
import { testCase, type TestCase } from "../../src/gates/test-results.js";

const failing = (name: string): TestCase => testCase(name, "failed");
const criteria = [
  { id: "1.1", text: "WHEN a THEN the system SHALL b" },
  { id: "1.2", text: "IF c THEN the system SHALL d" },
];

describe("criteria coverage", () => {
  it("reads [AC ...] tags from test names", () => {
    expect(criteriaNamedBy("REQ-1: [AC 1.1, 1.2] adds")).toEqual(["1.1", "1.2"]);
    expect(criteriaNamedBy("suite > [ac US1.2] works [AC valid-credentials]")).toEqual(["US1.2", "valid-credentials"]);
    expect(criteriaNamedBy("adds [1.1]")).toEqual([]);
  });

  it("counts only failing tests that name a criterion the requirement has", () => {
    const result = criteriaCoverage(criteria, [failing("[AC 1.1] a"), testCase("[AC 1.2] passes already", "passed"), failing("[AC 9.9] unknown")]);
    expect(result).toEqual({ coverage: { "1.1": ["[AC 1.1] a"] }, uncovered: ["1.2"] });
  });

  it("keeps a reopened requirement's coverage only for criteria unchanged word for word", () => {
    const kept = unchangedCoverage(criteria, ["1.1: WHEN a THEN the system SHALL b", "1.2: IF c THEN the system SHALL something else"], { "1.1": ["old a"], "1.2": ["old c"] });
    expect(kept).toEqual({ "1.1": ["old a"] });
    expect(criteriaCoverage(criteria, [failing("[AC 1.2] new c")], kept)).toEqual({ coverage: { "1.1": ["old a"], "1.2": ["[AC 1.2] new c"] }, uncovered: [] });
  });
});
