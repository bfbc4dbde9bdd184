import type { Evidence } from "../domain/traceability.js";
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
  /** The text of each locked test file now, to find tests the runner reports without a file. */
  texts: Readonly<Record<string, string>>;
  /** Names reported passed at the previous accepted green gate, less those QA removed since. */
  previouslyPassed: readonly string[];
}

export interface Shortfall {
  name: string;
  status: Exclude<TestStatus, "passed"> | "missing";
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
  /**
   * The command exited 0 yet the ledger does not balance: locked tests did not run or vanished. Not an
   * honest failure: something made the run look green (an early exit, a narrowed command, a deselection).
   */
  gamed: boolean;
}

/** A whole-file entry (a file that failed to load or exited early) is never a test. */
export function isFileEntry(test: TestCase): boolean {
  return test.fileLevel === true || /[\\/]/.test(test.name);
}

function leafOf(name: string): string {
  return name.split(" > ").at(-1)!;
}

function inFiles(test: TestCase, files: readonly string[], texts: Readonly<Record<string, string>>): boolean {
  if (test.file !== undefined) {
    const file = test.file.replace(/\\/g, "/");
    return files.some((candidate) => file === candidate || file.endsWith(`/${candidate}`));
  }
  return files.some((file) => (texts[file] ?? "").includes(leafOf(test.name)));
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

export function judgeGreenLedger(input: LedgerInput): LedgerVerdict {
  const { results } = input;
  const exit = input.exitCode;
  const tests = results.tests.filter((test) => !isFileEntry(test));
  const base = { shortfalls: [] as Shortfall[], disappeared: [] as string[], currentNames: [] as string[] };
  if (results.evidence === "exit-code" || !results.reported) {
    const named = [...new Set([...input.locked.flatMap((group) => group.names), ...input.previouslyPassed])];
    if (named.length > 0) {
      // Earlier gates named these tests; a run that names none did not run them (it exited first, or ran something else).
      const shortfalls = named.map((name) => ({ name, status: "missing" as const }));
      return {
        ...base,
        passed: false,
        evidence: "exit-code",
        reason: `the run reported no per-test results (exit ${exit ?? "signal"}), but earlier gates named ${list(named)}: they did not run`,
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
  const byName = new Map(tests.map((test) => [test.name, test]));
  const shortfalls: Shortfall[] = [];
  let currentNames: string[] = [];
  input.locked.forEach((group, index) => {
    const reported = tests.filter((test) => inFiles(test, group.files, input.texts)).map((test) => test.name);
    const required = [...new Set([...group.names, ...reported])];
    if (index === 0) currentNames = reported;
    if (required.length === 0 && group.files.length > 0) {
      shortfalls.push({ name: `any test in ${group.files.join(", ")}`, status: "missing", requirement: group.requirement });
    }
    for (const name of required) {
      const test = byName.get(name);
      if (!test) shortfalls.push({ name, status: "missing", requirement: group.requirement });
      else if (test.status !== "passed") shortfalls.push({ name, status: test.status, requirement: group.requirement });
    }
  });
  const disappeared = input.previouslyPassed.filter((name) => byName.get(name)?.status !== "passed");
  const failing = results.tests.filter((test) => test.status === "failed" || test.status === "errored").map((test) => test.name);
  const passedNames = tests.filter((test) => test.status === "passed").map((test) => test.name);
  const problems: string[] = [];
  if (exit !== 0) problems.push(`exit ${exit ?? "signal"}`);
  if (failing.length > 0) problems.push(`failing: ${list(failing)}`);
  if (shortfalls.length > 0) problems.push(describeShortfalls(shortfalls));
  if (disappeared.length > 0) problems.push(`passed at the previous green gate and not now: ${list(disappeared)}`);
  const passed = problems.length === 0;
  const skipped = tests.filter((test) => test.status === "skipped").length;
  const reason = passed
    ? `${passedNames.length} passed by name${skipped ? `, ${skipped} skipped (not locked)` : ""} (${results.evidence})`
    : problems.join("; ");
  return { passed, evidence: results.evidence, reason, shortfalls, disappeared, passedNames, currentNames, gamed: !passed && exit === 0 && (shortfalls.length > 0 || disappeared.length > 0 || failing.length > 0) };
}
