import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readJunit } from "../../src/gates/reports/junit-reader.js";
import { greenlight } from "../support/report-scenarios.js";

/** What CI reads: GitHub's step summary from a headless run, and the matrix as JUnit XML before and after a failed verify. */

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe("CI outputs", () => {
  it("appends a step summary after a headless run and shows the matrix as JUnit XML, a row that no longer verifies failed", { timeout: 180_000 }, () => {
    root = mkdtempSync(join(tmpdir(), "greenlight-ci-outputs-"));
    const summary = join(root, "summary.md");
    writeFileSync(summary, "earlier step\n");
    greenlight(["demo", "--headless"], { cwd: root, env: { ...process.env, CI: "true", TMPDIR: root, GITHUB_STEP_SUMMARY: summary } });
    const project = join(root, readdirSync(root).find((name) => name.startsWith("greenlight-demo-"))!);
    const markdown = readFileSync(summary, "utf8");
    expect(markdown.startsWith("earlier step\n## greenlight run\n")).toBe(true);
    expect(markdown).toContain("approved: 3/3 approved.");
    expect(markdown).toMatch(/\| ✅ \| REQ-002 \| Divide safely \| approved \| 2 \| report \|/);

    const before = readJunit(greenlight(["matrix", "--format", "junit", "--project", project]).stdout, "generic", project);
    expect(before.map((test) => [test.name, test.status])).toEqual([
      ["REQ-001", "passed"],
      ["REQ-002", "passed"],
      ["REQ-003", "passed"],
    ]);

    const calc = join(project, "src/calc.js");
    writeFileSync(calc, readFileSync(calc, "utf8").replace("return a / b;", "return a * b;"));
    greenlight(["verify", "--project", project], { expect: 1 });
    const xml = greenlight(["matrix", "--format", "junit", "--project", project]).stdout;
    const after = readJunit(xml, "generic", project);
    expect(after.find((test) => test.name === "REQ-002")?.status).toBe("failed");
    expect(xml).toContain('message="no longer verifies: test failing: divide returns the quotient"');
  });
});
