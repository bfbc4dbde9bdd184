import { testCase, type TestCase, type TestStatus } from "../test-results.js";
import { UnreadableReportError } from "./junit-reader.js";
import { projectRelative } from "./project-path.js";

/**
 * mocha runs one reporter at a time. This one, put in the run's report folder, is mocha's own spec
 * reporter (taken from the mocha that runs, so the agents and the person read the usual output) that
 * also writes each test's file, title path and state to the file given as `--reporter-option output=`.
 */
export const MOCHA_REPORTER = `"use strict";
const { createRequire } = require("node:module");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
function runningMocha() {
  const from = [require.main && require.main.filename, join(process.cwd(), "package.json")].filter(Boolean);
  for (const base of from) {
    try {
      return createRequire(base)("mocha");
    } catch {}
  }
  throw new Error("greenlight's mocha reporter could not find the mocha that runs it");
}
const Mocha = runningMocha();
// A spec file that fails to load (it imports what does not exist yet) stops mocha before any reporter
// runs: the file being loaded is reported as a whole-file failure. mocha loads this module before the specs.
const loadFilesAsync = Mocha.prototype.loadFilesAsync;
Mocha.prototype.loadFilesAsync = async function (...args) {
  let loading;
  this.suite.on(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, (context, file) => { loading = file; });
  try {
    return await loadFilesAsync.apply(this, args);
  } catch (error) {
    const settings = this.options.reporterOption || this.options.reporterOptions || {};
    if (settings.output && loading) writeFileSync(settings.output, JSON.stringify({ tests: [], unloaded: { file: loading, error: String(error && error.message) } }));
    throw error;
  }
};
const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
class GreenlightSpec extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const settings = (options && (options.reporterOption || options.reporterOptions)) || {};
    const tests = [];
    const add = (test, state) => tests.push({ file: test.file, titlePath: test.titlePath(), state, hook: test.type === "hook" });
    runner.on(EVENT_TEST_PASS, (test) => add(test, "passed"));
    runner.on(EVENT_TEST_FAIL, (test) => add(test, "failed"));
    runner.on(EVENT_TEST_PENDING, (test) => add(test, "pending"));
    runner.once(EVENT_RUN_END, () => writeFileSync(settings.output, JSON.stringify({ tests })));
  }
}
module.exports = GreenlightSpec;
`;

interface MochaEntry {
  file?: string;
  titlePath?: string[];
  state?: string;
  hook?: boolean;
}

/**
 * The tests the reporter wrote: a failing hook ("before all" hook for ...) is an errored entry of its own;
 * a spec file that failed to load (mocha ran nothing then) a whole-file entry.
 */
export function readMochaJson(text: string, projectDir: string): TestCase[] {
  let report: { tests?: MochaEntry[]; unloaded?: { file?: string } };
  try {
    report = JSON.parse(text) as { tests?: MochaEntry[]; unloaded?: { file?: string } };
  } catch (error) {
    throw new UnreadableReportError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(report.tests)) throw new UnreadableReportError("no tests array");
  const unloaded = typeof report.unloaded?.file === "string" ? projectRelative(projectDir, report.unloaded.file) : undefined;
  const fileEntries = unloaded === undefined ? [] : [testCase(unloaded, "errored", { file: unloaded, fileLevel: true })];
  return [...fileEntries, ...report.tests.map((entry) => {
    const status: TestStatus = entry.hook ? "errored" : entry.state === "passed" ? "passed" : entry.state === "pending" ? "skipped" : "failed";
    const title = (entry.titlePath ?? []).join(" > ");
    return testCase(title, status, entry.file ? { file: projectRelative(projectDir, entry.file) } : {});
  })];
}
