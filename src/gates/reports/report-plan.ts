import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { TestCase } from "../test-results.js";
import { isSimpleCommand, lastCommand, npmScript, visibleCommandLines } from "./command-text.js";
import { goJsonAsText, readGoTestJson } from "./go-json-reader.js";
import { readJestJson } from "./jest-json-reader.js";
import { readJunit, type JunitFlavor } from "./junit-reader.js";
import { MOCHA_REPORTER, readMochaJson } from "./mocha-json-reader.js";
import { NODE_EVENTS_REPORTER, readNodeEvents } from "./node-events-reader.js";
import { nodeOptionWord, shellWord } from "./shell-quote.js";

/** A report a gate run leaves: who writes it and how to read it once the run is over. */
export interface ReportSource {
  runner: string;
  /**
   * The command visibly runs this runner (or the person named the report): a run that leaves no report,
   * or an empty one, gives no evidence that its tests ran, whatever it exits with.
   */
  expected: boolean;
  /** The tests it names; undefined when the runner wrote no report. Throws UnreadableReportError. */
  read(output: string): TestCase[] | undefined;
}

/** How one gate run gets its structured reports. */
export interface ReportPlan {
  /** The command line to run: the person's own, with report flags appended only where that reaches the runner. */
  command: string;
  /** Variables added to the environment (they reach the runner however the command wraps it). */
  env: Record<string, string>;
  sources: ReportSource[];
  /** Files to write in the report folder before the run (reporter modules greenlight gives a runner). */
  files: Record<string, string>;
  /** The output as people read it (go test -json prints JSON; this turns it back into text). */
  humanOutput(output: string): string;
}

export interface PlanOptions {
  projectDir: string;
  /** greenlight's private folder for this run's reports, outside the project. */
  folder: string;
  /** The environment the command would get: existing NODE_OPTIONS and PYTEST_ADDOPTS are kept. */
  env: Record<string, string>;
  /** greenlight.json "testReport": a JUnit XML file the command itself writes. */
  testReport?: string;
  /** When the run starts (ms since the epoch): an older "testReport" file is from an earlier run. */
  startedAt: number;
}

const NODE_TEST = /(^|[\s/])node(\s+\S+)*?\s+--test(?![\w-])/m;
const VITEST = /(^|[\s/])vitest(\s|$)/;
const JEST = /(^|[\s/])jest(\s|$)/;
const MOCHA = /(^|[\s/])mocha(\s|$)/;
const GO_TEST = /^go\s+test(\s|$)/;
const PYTEST = /(^|[\s/])(pytest|py\.test)(\s|$)|(^|[\s/])python[\d.]*\s+-m\s+pytest(\s|$)/;
const TOX = /(^|[\s/])tox(\s|$)/m;
const PYTHON_LIKELY = /(^|[\s/])(pytest|py\.test|python[\d.]*|tox|nox|uv|poetry|pipenv|hatch|pdm|make)(\s|$)/m;

function junitFile(runner: string, path: string, flavor: JunitFlavor, projectDir: string, expected: boolean, notBefore = 0): ReportSource {
  return {
    runner,
    expected,
    read: () => {
      if (!existsSync(path) || statSync(path).mtimeMs < notBefore) return undefined;
      return readJunit(readFileSync(path, "utf8"), flavor, projectDir);
    },
  };
}

/**
 * The command with report flags appended where they reach the runner: a simple command that calls it
 * (`npx vitest run`), or `npm test` whose script ends with the call (npm appends what follows `--`).
 * Undefined when appending could not reach it (a script ending in `|| true`, a command with `&&`).
 */
function appended(command: string, projectDir: string, runner: RegExp, flags: string[]): string | undefined {
  if (!isSimpleCommand(command)) return undefined;
  if (runner.test(command)) return `${command} ${flags.join(" ")}`;
  const script = npmScript(command, projectDir);
  if (script === undefined || !runner.test(lastCommand(script))) return undefined;
  return `${command}${/\s--(\s|$)/.test(command) ? "" : " --"} ${flags.join(" ")}`;
}

/**
 * The command made to run just these test files (runners take them as their last arguments: node --test,
 * vitest, jest, mocha, pytest), where appending reaches the runner; undefined where it does not.
 */
export function withTestFiles(command: string, projectDir: string, files: readonly string[]): string | undefined {
  for (const runner of [NODE_TEST, VITEST, JEST, MOCHA, PYTEST]) {
    const next = appended(command, projectDir, runner, files.map(shellWord));
    if (next !== undefined) return next;
  }
  return undefined;
}

function withOption(existing: string | undefined, option: string): string {
  return existing ? `${existing} ${option}` : option;
}

/** Decides, from the command and what it visibly runs, how each runner in it is made to write a report. */
export function planReports(command: string, options: PlanOptions): ReportPlan {
  const { projectDir, folder } = options;
  const plan: ReportPlan = { command, env: {}, sources: [], files: {}, humanOutput: (output) => output };
  if (options.testReport !== undefined) {
    const path = isAbsolute(options.testReport) ? options.testReport : join(projectDir, options.testReport);
    // File times can be stored to the second: a report written in the run's first second still counts.
    plan.sources.push(junitFile("testReport", path, "generic", projectDir, true, Math.floor(options.startedAt / 1000) * 1000));
    return plan;
  }
  const lines = visibleCommandLines(command, projectDir);

  // pytest reads PYTEST_ADDOPTS however it is started (python -m, uv run, make, a script). It is left out
  // only when the command plainly runs a JavaScript or Go runner and nothing Python: a pytest those tests
  // start themselves would inherit the variable and write its report in place of the project's.
  const otherRunner = lines.some((line) => [NODE_TEST, VITEST, JEST, MOCHA].some((pattern) => pattern.test(line)) || GO_TEST.test(line.trim()));
  const pytestReport = join(folder, "pytest.xml");
  if ((!otherRunner || lines.some((line) => PYTHON_LIKELY.test(line))) && !/--junit-?xml/.test(options.env.PYTEST_ADDOPTS ?? "")) {
    plan.env.PYTEST_ADDOPTS = withOption(options.env.PYTEST_ADDOPTS, `--junitxml=${shellWord(pytestReport)}`);
    plan.sources.push(junitFile("pytest", pytestReport, "pytest", projectDir, lines.some((line) => PYTEST.test(line))));
    // tox hands its environments only the variables it is told to (tox 4.11+ reads TOX_OVERRIDE, tox 3 TOX_TESTENV_PASSENV).
    if (lines.some((line) => TOX.test(line))) {
      if (options.env.TOX_OVERRIDE === undefined) plan.env.TOX_OVERRIDE = "testenv.pass_env+=PYTEST_ADDOPTS";
      plan.env.TOX_TESTENV_PASSENV = withOption(options.env.TOX_TESTENV_PASSENV, "PYTEST_ADDOPTS");
    }
  }

  // node --test takes reporters from NODE_OPTIONS, wherever the call sits in the script. Reporters the
  // person set already would be joined with these (and a count mismatch is an error), so those runs are left alone.
  const nodeReporter = join(folder, "node-events.mjs");
  const nodeReport = join(folder, "node-events.jsonl");
  if (lines.some((line) => NODE_TEST.test(line)) && !lines.some((line) => line.includes("--test-reporter")) && !(options.env.NODE_OPTIONS ?? "").includes("--test-reporter")) {
    const reporters = `--test-reporter=spec --test-reporter-destination=stdout --test-reporter=${nodeOptionWord(nodeReporter)} --test-reporter-destination=${nodeOptionWord(nodeReport)}`;
    plan.env.NODE_OPTIONS = withOption(options.env.NODE_OPTIONS, reporters);
    plan.files[nodeReporter] = NODE_EVENTS_REPORTER;
    plan.sources.push(fileSource("node --test", nodeReport, (text) => readNodeEvents(text, projectDir)));
  }

  // vitest, jest and mocha take reporters only as flags.
  const vitestReport = join(folder, "vitest.xml");
  const jestReport = join(folder, "jest.json");
  const mochaReporter = join(folder, "mocha-reporter.cjs");
  const mochaReport = join(folder, "mocha.json");
  const flagged: Array<{ pattern: RegExp; flags: string[]; source: ReportSource; files?: Record<string, string> }> = [
    { pattern: VITEST, flags: ["--reporter=default", "--reporter=junit", `--outputFile.junit=${shellWord(vitestReport)}`], source: junitFile("vitest", vitestReport, "vitest", projectDir, true) },
    { pattern: JEST, flags: ["--json", `--outputFile=${shellWord(jestReport)}`], source: fileSource("jest", jestReport, (text) => readJestJson(text, projectDir)) },
    // mocha has one reporter at a time: greenlight's is mocha's spec reporter that also writes the report.
    {
      pattern: MOCHA,
      flags: [`--reporter=${shellWord(mochaReporter)}`, `--reporter-option=output=${shellWord(mochaReport)}`],
      source: fileSource("mocha", mochaReport, (text) => readMochaJson(text, projectDir)),
      files: { [mochaReporter]: MOCHA_REPORTER },
    },
  ];
  for (const { pattern, flags, source, files } of flagged) {
    const next = appended(plan.command, projectDir, pattern, flags);
    if (next === undefined) continue;
    plan.command = next;
    plan.sources.push(source);
    Object.assign(plan.files, files ?? {});
  }

  // go test -json prints its report on stdout; it is asked for only on a plain `go test` command line.
  if (isSimpleCommand(command) && GO_TEST.test(command.trim()) && !/\s-json\b|\s-args\b/.test(command)) {
    plan.command = `${command} -json`;
    plan.sources.push({ runner: "go test", expected: true, read: readGoTestJson });
    plan.humanOutput = goJsonAsText;
  }
  return plan;
}

function fileSource(runner: string, path: string, read: (text: string) => TestCase[]): ReportSource {
  return { runner, expected: true, read: () => (existsSync(path) ? read(readFileSync(path, "utf8")) : undefined) };
}
