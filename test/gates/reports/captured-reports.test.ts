import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readJestJson } from "../../../src/gates/reports/jest-json-reader.js";
import { readJunit } from "../../../src/gates/reports/junit-reader.js";

/**
 * Reports from runners that are not dependencies of greenlight, captured from real runs (mocha 10.8.2 and
 * jest 29.7.0, in a temp project at /tmp/gx/mo) and kept as fixtures.
 */

const FIXTURES = resolve(import.meta.dirname, "../../fixtures/reports");
const PROJECT = "/tmp/gx/mo";
const fixture = (name: string) => readFile(join(FIXTURES, name), "utf8");
const states = (tests: Array<{ name: string; status: string; file?: string; fileLevel?: boolean }>) =>
  tests.map((test) => `${test.file ?? "?"}: ${test.name}: ${test.status}${test.fileLevel ? " (file)" : ""}`);

describe("captured reports", () => {
  it("reads mocha's xunit report (a project's own testReport): each test by its title and project-relative file", async () => {
    expect(states(readJunit(await fixture("mocha-10-xunit.xml"), "generic", PROJECT))).toEqual([
      "test/calc.spec.js: top level: passed",
      "test/calc.spec.js: adds: passed",
      "test/calc.spec.js: divides: failed",
      "test/calc.spec.js: later: skipped",
    ]);
  });

  it("reads jest's --json report: describe blocks joined to the name, a file that failed to run as a file-level error", async () => {
    expect(states(readJestJson(await fixture("jest-29.json"), PROJECT))).toEqual([
      "jt/calc.test.js: calc > adds: passed",
      "jt/calc.test.js: calc > divides: failed",
      "jt/calc.test.js: later: skipped",
      "jt/calc.test.js: someday: skipped",
      "jt/missing.test.js: jt/missing.test.js: errored (file)",
    ]);
  });
});
