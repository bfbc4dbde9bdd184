import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readJunit } from "../../src/gates/reports/junit-reader.js";
import { greenlight, runDemo } from "../support/report-scenarios.js";

/** `greenlight verify` on the demo's project: the matrix re-proved on the code as it is now, by a real test run. */

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

function demo() {
  const made = runDemo();
  root = made.root;
  return made.project;
}

function verification(project: string, id: string) {
  const matrix = JSON.parse(readFileSync(join(project, ".greenlight/state/traceability_matrix.json"), "utf8")) as { requirements: { id: string; verification?: { holds: boolean; reasons: string[] } }[] };
  return matrix.requirements.find((row) => row.id === id)?.verification;
}

describe("greenlight verify", () => {
  it("holds right after the demo, and its JUnit XML reads back as one passed case per requirement", { timeout: 120_000 }, () => {
    const project = demo();
    const junit = join(root!, "verify.xml");
    const result = greenlight(["verify", "--project", project, "--junit", junit]);
    expect(result.stdout).toContain("verify: 3/3 approved requirement(s) hold");
    expect(verification(project, "REQ-002")).toMatchObject({ holds: true, reasons: [] });
    const xml = readFileSync(junit, "utf8");
    const cases = readJunit(xml, "generic", project);
    expect(cases.map((test) => [test.name, test.status])).toEqual([
      ["REQ-001", "passed"],
      ["REQ-002", "passed"],
      ["REQ-003", "passed"],
    ]);
    expect(xml).toContain('<property name="test" value="divide by zero throws a RangeError"/>');
  });

  it("fails naming the row when a hand-made edit breaks the code under a locked test", { timeout: 120_000 }, () => {
    const project = demo();
    const calc = join(project, "src/calc.js");
    writeFileSync(calc, readFileSync(calc, "utf8").replace('throw new RangeError("division by zero")', "return Infinity"));
    const junit = join(root!, "verify.xml");
    const result = greenlight(["verify", "--project", project, "--json", "--junit", junit], { expect: 1 });
    const report = JSON.parse(result.stdout) as { holds: boolean; requirements: { id: string; verification: { holds: boolean; reasons: string[] } }[] };
    expect(report.holds).toBe(false);
    expect(report.requirements.filter((row) => !row.verification.holds).map((row) => [row.id, row.verification.reasons])).toEqual([["REQ-002", ["test failing: divide by zero throws a RangeError"]]]);
    expect(verification(project, "REQ-002")).toMatchObject({ holds: false, reasons: ["test failing: divide by zero throws a RangeError"] });
    expect(verification(project, "REQ-001")).toMatchObject({ holds: true });
    const cases = readJunit(readFileSync(junit, "utf8"), "generic", project);
    expect(cases.find((test) => test.name === "REQ-002")?.status).toBe("failed");
    expect(cases.find((test) => test.name === "REQ-001")?.status).toBe("passed");
  });

  it("fails naming the row when a locked test file is changed, even to one that passes", { timeout: 120_000 }, () => {
    const project = demo();
    const test = join(project, "test/add.test.js");
    writeFileSync(test, `${readFileSync(test, "utf8")}\n// loosened by hand\n`);
    const summary = join(root!, "summary.md");
    const result = greenlight(["verify", "--project", project], { expect: 1, env: { ...process.env, CI: "true", GITHUB_STEP_SUMMARY: summary } });
    expect(result.stdout).toContain("REQ-001 does NOT hold: test file changed: test/add.test.js");
    expect(result.stdout).toContain("verify: 2/3 approved requirement(s) hold");
    // The step summary puts the failing row first.
    const markdown = readFileSync(summary, "utf8");
    expect(markdown).toContain("## greenlight verify");
    expect(markdown.split("\n").filter((line) => line.startsWith("| ❌") || line.startsWith("| ✅"))[0]).toContain("REQ-001");
  });

  it("refuses a flag it does not know, and a project with no state, with exit 2", () => {
    const result = greenlight(["verify", "--bogus"], { expect: 2 });
    expect(result.stderr).toContain("Usage: greenlight verify");
    root = mkdtempSync(join(tmpdir(), "greenlight-verify-empty-"));
    expect(greenlight(["verify", "--project", root], { expect: 2 }).stderr).toContain(`no greenlight state in ${join(root, ".greenlight/state")}`);
    expect(greenlight(["report", "--project", root], { expect: 2 }).stderr).toContain("no greenlight state");
  });
});
