import type { Evidence } from "../domain/traceability.js";
import { attributeFiles, duplicateIdentities, holdsTests, packageHolds, testsNamed } from "./test-identity.js";
import type { TestCase, TestResults, TestStatus } from "./test-results.js";

/**
 * The ledger: what a green gate must show before a requirement may go on. Every test locked for the
 * current requirement and for every requirement approved before it is reported passed, by name; a
 * skipped, missing, deselected or errored test, or a test file that "passed" with no test inside, is not
 * passed. No test that passed at the previous accepted green gate may disappear, unless QA removed it in
 * its own session. Only when the runner reports no per-test result at all, and no gate ever named one,
 * does the exit code decide alone, and the verdict says so.
 */

export interface LockedTests {
  requirement: string;
  files: readonly string[];
  /** Names recorded when the tests were named (red gate, or an earlier accepted green gate). */
  names: readonly string[];
}

export interface LedgerInput {
  exitCode: number | null;
  results: TestResults;
  /** The current requirement's tests first, then those of every requirement approved before it. */
  locked: readonly LockedTests[];
  /** The project's files now: the locked ones' texts, and the test files that give a file to tests the runner reports without one. */
  texts: Readonly<Record<string, string>>;
  /** Names reported passed at the previous accepted green gate, less those QA removed since. */
  previouslyPassed: readonly string[];
  /** The suite before this work (see baseline.ts): what failed there does not block, what passed there must not fail. */
  baseline?: BaselineView;
  /** Tests that failed here and passed when re-run by name on the same code: passed, and they do not block. */
  flaky?: ReadonlySet<string>;
}

export interface BaselineView {
  /** Failing in the baseline: never blocking, never counted as passed. */
  knownFailures: ReadonlySet<string>;
  /** Passed in the baseline: failing now is a regression. */
  passed: ReadonlySet<string>;
}

export interface Shortfall {
  name: string;
  /** "duplicate": two reported tests share its identity, so neither can stand for it. */
  status: Exclude<TestStatus, "passed"> | "missing" | "duplicate";
  requirement?: string;
}

export interface LedgerVerdict {
  passed: boolean;
  evidence: Evidence;
  /** One line: why it passed, or everything that kept it from passing. */
  reason: string;
  /** Locked tests not reported passed. */
  shortfalls: Shortfall[];
  /** Tests that passed at the previous accepted gate and are not reported passed now. */
  disappeared: string[];
  /** Every test reported passed by name: the next gate's denominator. */
  passedNames: string[];
  /** The current requirement's tests as reported now (empty without per-test results). */
  currentNames: string[];
  /** Failing now and in the baseline: shown as failing before this work, not counted as passed. */
  knownFailing: string[];
  /** Failing, not known, not flaky: what keeps the gate from passing (regressions among them). */
  failing: string[];
  /**
   * The command exited 0 yet the ledger does not balance: locked tests did not run or vanished. Not an
   * honest failure: something made the run look green (an early exit, a narrowed command, a deselection).
   */
  gamed: boolean;
}

/** A whole-file entry (a file that failed to load or exited early), as the reader that saw it marked it, is never a test. */
export function isFileEntry(test: TestCase): boolean {
  return test.fileLevel === true;
}

/** The test is in one of the files (by the file the runner reported, or the one test file that defines it). */
export function inFiles(test: TestCase, files: readonly string[]): boolean {
  // A go package that did not build is reported by its import path: it is the files of its folder.
  if (test.file === undefined) return test.package !== undefined && test.fileLevel === true && files.some((file) => packageHolds(test.package!, file));
  const file = test.file.replace(/\\/g, "/");
  return files.some((candidate) => file === candidate || file.endsWith(`/${candidate}`));
}

function list(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((name) => `"${name}"`).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function describeShortfalls(shortfalls: readonly Shortfall[]): string {
  const byRequirement = new Map<string, Shortfall[]>();
  for (const shortfall of shortfalls) byRequirement.set(shortfall.requirement ?? "", [...(byRequirement.get(shortfall.requirement ?? "") ?? []), shortfall]);
  return [...byRequirement]
    .map(([requirement, items]) => `${requirement ? `${requirement}'s tests` : "tests"} not passed: ${items.slice(0, 5).map((item) => `"${item.name}" (${item.status})`).join(", ")}${items.length > 5 ? ` and ${items.length - 5} more` : ""}`)
    .join("; ");
}

/** The worst status among the tests a recorded identity names; "missing" when none, "duplicate" when two share one identity. */
function standing(recorded: string, tests: readonly TestCase[], duplicates: ReadonlySet<string>): Shortfall["status"] | "passed" {
  const named = testsNamed(recorded, tests);
  if (named.length === 0) return "missing";
  if (named.some((test) => duplicates.has(test.id))) return "duplicate";
  return named.find((test) => test.status !== "passed")?.status ?? "passed";
}

export function judgeGreenLedger(input: LedgerInput): LedgerVerdict {
  const results = attributeFiles(input.results, input.texts);
  const exit = input.exitCode;
  const tests = results.tests.filter((test) => !isFileEntry(test));
  const base = { shortfalls: [] as Shortfall[], disappeared: [] as string[], currentNames: [] as string[], knownFailing: [] as string[], failing: [] as string[] };
  if (results.missingReports !== undefined && results.missingReports.length > 0) {
    // The runner that was asked for its report did not write one: the run ended before it could (an exit at import).
    const named = [...new Set([...input.locked.flatMap((group) => group.names), ...input.previouslyPassed])];
    const shortfalls = named.length > 0 ? named.map((name) => ({ name, status: "missing" as const })) : input.locked.flatMap((group) => group.files.map((file) => ({ name: `any test in ${file}`, status: "missing" as const, requirement: group.requirement })));
    return {
      ...base,
      passed: false,
      evidence: results.evidence,
      reason: `no evidence: greenlight asked ${results.missingReports.join(", ")} for its report and none came back, or an empty one (exit ${exit ?? "signal"}): the tests did not run to the end`,
      shortfalls,
      passedNames: [],
      gamed: exit === 0,
    };
  }
  if (results.evidence === "exit-code" || !results.reported) {
    const named = [...new Set([...input.locked.flatMap((group) => group.names), ...input.previouslyPassed])];
    const holding = input.locked.flatMap((group) => group.files.filter((file) => holdsTests(file, input.texts[file])));
    if (named.length > 0 || holding.length > 0) {
      // Earlier gates named these tests, or the locked files hold tests: a run that names none did not run them (it exited first, or ran something else).
      const shortfalls = named.length > 0 ? named.map((name) => ({ name, status: "missing" as const })) : holding.map((file) => ({ name: `any test in ${file}`, status: "missing" as const }));
      const what = named.length > 0 ? `earlier gates named ${list(named)}` : `the locked test files ${holding.join(", ")} hold tests`;
      return {
        ...base,
        passed: false,
        evidence: "exit-code",
        reason: `the run reported no per-test results (exit ${exit ?? "signal"}), but ${what}: they did not run`,
        shortfalls,
        passedNames: [],
        gamed: exit === 0,
      };
    }
    return {
      ...base,
      passed: exit === 0,
      evidence: "exit-code",
      reason: `exit ${exit ?? "signal"} (exit code only: the runner reported no per-test results)`,
      passedNames: [],
      gamed: false,
    };
  }
  const known = input.baseline?.knownFailures ?? new Set<string>();
  const flaky = input.flaky ?? new Set<string>();
  // A test confirmed flaky passed on the same code: it stands as passed.
  const standingTests = tests.map((test) => (flaky.has(test.id) && test.status !== "passed" ? { ...test, status: "passed" as const, passed: true } : test));
  const duplicates = duplicateIdentities(tests);
  const shortfalls: Shortfall[] = [];
  let currentNames: string[] = [];
  input.locked.forEach((group, index) => {
    // A test that failed before this work, in a file QA extended, is not one of the requirement's tests.
    const reported = [...new Set(tests.filter((test) => inFiles(test, group.files) && !known.has(test.id)).map((test) => test.id))];
    // A name recorded before identities names the same test as its identity: each test is judged once.
    const recorded = group.names.filter((name) => {
      const named = testsNamed(name, tests);
      return named.length === 0 || !named.every((test) => reported.includes(test.id));
    });
    const required = [...reported, ...recorded];
    if (index === 0) currentNames = reported;
    if (required.length === 0 && group.files.length > 0) {
      shortfalls.push({ name: `any test in ${group.files.join(", ")}`, status: "missing", requirement: group.requirement });
    }
    for (const name of required) {
      const status = standing(name, standingTests, duplicates);
      if (status !== "passed") shortfalls.push({ name, status, requirement: group.requirement });
    }
  });
  const disappeared = input.previouslyPassed.filter((name) => standing(name, standingTests, duplicates) !== "passed");
  const failures = results.tests.filter((test) => test.status === "failed" || test.status === "errored");
  const knownFailing = failures.filter((test) => known.has(test.id)).map((test) => test.id);
  const failing = failures.filter((test) => !known.has(test.id) && !flaky.has(test.id)).map((test) => test.id);
  const regressions = failing.filter((id) => input.baseline?.passed.has(id));
  const otherFailing = failing.filter((id) => !regressions.includes(id));
  const tolerated = failures.length - failing.length;
  const passedNames = standingTests.filter((test) => test.status === "passed" && !duplicates.has(test.id)).map((test) => test.id);
  const problems: string[] = [];
  // A non-zero exit is explained only by failures in the report, every one of them known or flaky.
  if (exit !== 0 && (failing.length > 0 || tolerated === 0)) problems.push(`exit ${exit ?? "signal"}`);
  if (regressions.length > 0) problems.push(`regression (passed before this work, fails now): ${list(regressions)}`);
  if (otherFailing.length > 0) problems.push(`failing: ${list(otherFailing)}`);
  if (shortfalls.length > 0) problems.push(describeShortfalls(shortfalls));
  // A failing test is named once, as failing; here only those that are gone or no longer pass otherwise.
  const gone = disappeared.filter((name) => !failing.includes(name));
  if (gone.length > 0) problems.push(`passed at the previous green gate and not now: ${list(gone)}`);
  const passed = problems.length === 0;
  const skipped = tests.filter((test) => test.status === "skipped").length;
  const rerun = tests.filter((test) => flaky.has(test.id) && test.status !== "passed").map((test) => test.id);
  const notes = [
    skipped ? `${skipped} skipped (not locked)` : "",
    knownFailing.length ? `${knownFailing.length} failing before this work, not counted as passed: ${list(knownFailing)}` : "",
    rerun.length ? `flaky (failed, then passed on re-run): ${list(rerun)}` : "",
  ].filter(Boolean);
  const reason = passed ? `${passedNames.length} passed by name${notes.length ? `, ${notes.join(", ")}` : ""} (${results.evidence})` : problems.join("; ");
  return { passed, evidence: results.evidence, reason, shortfalls, disappeared, passedNames, currentNames, knownFailing, failing, gamed: !passed && exit === 0 && (shortfalls.length > 0 || disappeared.length > 0 || failing.length > 0) };
}
