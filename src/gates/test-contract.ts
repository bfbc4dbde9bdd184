import { createHash } from "node:crypto";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { isTestFile } from "../domain/test-files.js";
import { harnessAfterQa, harnessDigests } from "./test-harness.js";

/**
 * A requirement's locked tests are its contract: the matrix row keeps a digest of each locked file and of
 * each part of the test harness, set by the red gate and by QA (who owns the tests), and the green gate
 * refuses when one no longer matches. The contracts of approved requirements hold for every later one.
 */

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Digests of the files the snapshot holds: one too big or binary to snapshot has nothing to compare. */
export function testDigests(files: readonly string[], texts: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(files.filter((file) => texts[file] !== undefined).map((file) => [file, sha256(texts[file]!)]));
}

/** Locked test files whose content no longer has its recorded digest; a deleted file counts as changed. */
export function changedLockedTests(digests: Readonly<Record<string, string>> | undefined, texts: Readonly<Record<string, string>>): string[] {
  return Object.entries(digests ?? {})
    .filter(([file, digest]) => texts[file] === undefined || sha256(texts[file]) !== digest)
    .map(([file]) => file);
}

/** The rows whose locks hold while `current` is worked on: its own, then every approved requirement's. */
export function lockedRows<Row extends DeepReadonly<TraceRow>>(rows: readonly Row[], current: string): Row[] {
  const own = rows.find((row) => row.id === current);
  return [...(own ? [own] : []), ...rows.filter((row) => row.id !== current && row.status === "approved")];
}

/** The most recent accepted green gate's passed tests, less those QA has removed since: the denominator. */
export function previouslyPassed(rows: readonly DeepReadonly<TraceRow>[]): string[] {
  const latest = rows.filter((row) => row.ledger !== undefined).sort((a, b) => a.ledger!.at.localeCompare(b.ledger!.at)).at(-1);
  const retired = new Set(rows.flatMap((row) => row.retiredTests ?? []));
  return (latest?.ledger?.passed ?? []).filter((name) => !retired.has(name));
}

/** The file an identity names, and its title; a name recorded before identities has no file. */
function splitIdentity(name: string, files: readonly string[]): { file?: string; title: string } {
  const file = files.find((candidate) => name.startsWith(`${candidate}::`));
  return file === undefined ? { title: name } : { file, title: name.slice(file.length + 2) };
}

/** The test's title is written in the file: how a test QA removed is told from one still there. */
function writtenIn(title: string, text: string): boolean {
  const leaf = title.split(" > ").at(-1)!;
  const pythonFunction = leaf.split("::").at(-1)!.replace(/\[.*$/, "").replace(/[^\w]/g, "");
  return ['"', "'", "`"].some((quote) => text.includes(`${quote}${leaf}${quote}`)) || (pythonFunction !== "" && new RegExp(`\\bdef\\s+${pythonFunction}\\s*\\(`).test(text));
}

export interface QaWork {
  /** Locked files (tests, harness parts) whose recorded digest QA's changes replaced. */
  recorded: string[];
  /** Tests QA removed: no longer required, and not counted as disappeared. */
  retired: string[];
}

/**
 * Records, in the matrix (a draft), what a QA session changed between two snapshots: the locked test
 * files of the current and every approved requirement (a file QA deleted leaves the contract), the harness
 * parts, and the tests QA removed. Only what changed during QA's session is taken as QA's; a change made
 * before it (by Bash, behind the write guard) stays a breach of the contract.
 */
export function applyQaWork(rows: TraceRow[], current: string, before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>, testCommand: string): QaWork {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((file) => before[file] !== after[file]);
  const recorded: string[] = [];
  for (const row of lockedRows(rows, current)) {
    const touched = row.tests.files.filter((file) => changed.includes(file));
    if (touched.length === 0 || row.tests.digests === undefined) continue;
    const gone = touched.filter((file) => after[file] === undefined);
    row.tests.files = row.tests.files.filter((file) => !gone.includes(file));
    row.tests.digests = { ...Object.fromEntries(Object.entries(row.tests.digests).filter(([file]) => !gone.includes(file))), ...testDigests(touched.filter((file) => !gone.includes(file)), after) };
    recorded.push(...touched);
  }
  const own = rows.find((row) => row.id === current);
  const harnessBefore = harnessDigests(before, testCommand);
  const harnessNow = harnessDigests(after, testCommand);
  if (own?.tests.harness !== undefined) {
    const next = harnessAfterQa(own.tests.harness, harnessBefore, harnessNow);
    const parts = Object.keys({ ...next, ...own.tests.harness }).filter((key) => next[key] !== own.tests.harness![key]);
    own.tests.harness = next;
    recorded.push(...parts);
  }
  const changedTests = changed.filter(isTestFile);
  const candidates = new Set([...rows.flatMap((row) => row.tests.names), ...previouslyPassed(rows)]);
  const allFiles = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  // A test is QA's to remove only from a file QA changed: its identity's own file (or, for a name recorded
  // before identities, any file QA changed that had it), and it is written in no test file now.
  const retired = [...candidates].filter((name) => {
    const { file, title } = splitIdentity(name, allFiles);
    const from = file === undefined ? changedTests : changedTests.filter((changed) => changed === file);
    const stillIn = file === undefined ? Object.entries(after).filter(([path]) => isTestFile(path)).map(([, text]) => text) : after[file] === undefined ? [] : [after[file]!];
    return from.some((changed) => before[changed] !== undefined && writtenIn(title, before[changed]!)) && !stillIn.some((text) => writtenIn(title, text));
  });
  if (retired.length > 0 && own) {
    for (const row of rows) row.tests.names = row.tests.names.filter((name) => !retired.includes(name));
    own.retiredTests = [...new Set([...(own.retiredTests ?? []), ...retired])].sort();
  }
  return { recorded: [...new Set(recorded)].sort(), retired: retired.sort() };
}
