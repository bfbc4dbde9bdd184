import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow, Verification } from "../domain/traceability.js";
import { changedLockedTests } from "../gates/test-contract.js";
import { isFileEntry } from "../gates/test-ledger.js";
import type { TestCase, TestResults } from "../gates/test-results.js";

type Row = DeepReadonly<TraceRow>;

export interface RowVerification {
  id: string;
  title: string;
  verification: Verification;
}

export interface VerifyInput {
  rows: readonly Row[];
  results: TestResults;
  exitCode: number | null;
  command: string;
  /** The text of each locked test file now (absent: deleted, or too big or binary to read as text). */
  texts: Readonly<Record<string, string>>;
  at: string;
}

/** A failing test the row's baseline already knew as failing (not since fixed): tolerated, as at the gates. */
function knownFailing(row: Row, name: string): boolean {
  return (row.knownFailures ?? []).some((known) => known.fixedAt === undefined && (known.test === name || known.test.endsWith(` > ${name}`) || known.test.endsWith(`::${name}`)));
}

/** The entries reported under a test's name, those in the row's own test files first when the runner says the file. */
function reportedAs(tests: readonly TestCase[], name: string, files: readonly string[]): TestCase[] {
  const named = tests.filter((test) => test.name === name);
  const inOwnFiles = named.filter((test) => test.file !== undefined && files.some((file) => test.file === file || test.file!.endsWith(`/${file}`)));
  return inOwnFiles.length > 0 ? inOwnFiles : named;
}

/**
 * Whether an approved row still holds on the code as it is now: its locked test files have the digests
 * the gates recorded, and each of its locked tests is reported passed by name in this one run. A test
 * that fails where the baseline knew it failing is tolerated; nothing else is. A row approved on the exit
 * code alone (no test was ever named) can only be held to the exit code, and its verification says so.
 */
export function verifyRow(row: Row, input: VerifyInput): Verification {
  const reasons = changedLockedTests(row.tests.digests, input.texts).map((file) => `test file changed: ${file}${input.texts[file] === undefined ? " (gone)" : ""}`);
  const tests = input.results.tests.filter((test) => !isFileEntry(test));
  const base = { at: input.at, command: input.command, exitCode: input.exitCode };
  if (row.tests.names.length === 0) {
    if (input.exitCode !== 0) reasons.push(`exit ${input.exitCode ?? "signal"} (the row was approved on the exit code alone)`);
    return { ...base, holds: reasons.length === 0, reasons, evidence: "exit-code" };
  }
  if (!input.results.reported) {
    reasons.push(`no per-test results (exit ${input.exitCode ?? "signal"}): its tests were not seen to run`);
    return { ...base, holds: false, reasons, evidence: "exit-code" };
  }
  for (const name of row.tests.names) {
    const reported = reportedAs(tests, name, row.tests.files);
    if (reported.length === 0) reasons.push(`test missing: ${name}`);
    else if (reported.some((test) => test.status !== "passed") && !knownFailing(row, name)) reasons.push(`${reported.every((test) => test.status === "skipped") ? "test skipped" : "test failing"}: ${name}`);
  }
  return { ...base, holds: reasons.length === 0, reasons, evidence: input.results.evidence };
}

/** Every approved row, verified; rows not approved are not part of the claim and are left out. */
export function verifyRows(input: VerifyInput): RowVerification[] {
  return input.rows.filter((row) => row.status === "approved").map((row) => ({ id: row.id, title: row.title, verification: verifyRow(row, input) }));
}
