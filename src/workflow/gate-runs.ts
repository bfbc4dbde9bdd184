import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { GateName } from "../domain/events.js";
import type { FlakyTest, TraceRow } from "../domain/traceability.js";
import { codeFingerprint } from "../gates/baseline.js";
import { environmentFailure } from "../gates/environment-failure.js";
import { attributeFiles } from "../gates/test-identity.js";
import type { GateExecution } from "../gates/gate-runner.js";
import type { LedgerVerdict } from "../gates/test-ledger.js";
import type { TestCase } from "../gates/test-results.js";
import type { Narrowing } from "../gates/reports/narrow-command.js";

/** What running and re-running a gate needs of the pipeline's ports. */
export interface GatePorts {
  runGate(gate: GateName, command?: string): Promise<GateExecution>;
  gateJudged?(gate: GateName, execution: GateExecution, verdict: { passed: boolean; summary: string }): void;
  narrowedCommand?(narrowing: Narrowing): string | undefined;
  trackable?(paths: readonly string[]): Promise<string[]>;
}

/** A gate's run once the environment had its chance: `environment` says why the run told nothing about the code. */
export interface GateRun {
  execution: GateExecution;
  environment?: string;
}

/**
 * Runs a gate; a run that timed out or ran out of memory is repeated once. A command that could not start
 * (a missing program) is not: a second run would not find it either.
 */
export async function runGateRepeatingEnvironmentFailure(ports: GatePorts, gate: GateName, command?: string): Promise<GateRun> {
  const first = await ports.runGate(gate, command);
  const why = environmentFailure(first);
  if (why === undefined) return { execution: first };
  if (first.environment !== undefined) return { execution: first, environment: why };
  ports.gateJudged?.(gate, first, { passed: false, summary: `${why}; repeating the run once` });
  const second = await ports.runGate(gate, command);
  const again = environmentFailure(second);
  return again === undefined ? { execution: second } : { execution: second, environment: `${again}; the same on a second run` };
}

/** Failing tests re-run by name at most this often, and only this many at once: more is broken, not flaky. */
const RERUNS = 2;
const MAX_RERUN_TESTS = 5;

/**
 * Whether a re-run could change the verdict: the gate fails only because of a few failing tests (no test
 * missing, skipped, or gone for another reason than failing).
 */
export function onlyFailuresBlock(ledger: LedgerVerdict): boolean {
  const failing = new Set(ledger.failing);
  return (
    !ledger.passed &&
    ledger.failing.length > 0 &&
    ledger.failing.length <= MAX_RERUN_TESTS &&
    ledger.shortfalls.every((shortfall) => (shortfall.status === "failed" || shortfall.status === "errored") && failing.has(shortfall.name)) &&
    ledger.disappeared.every((name) => failing.has(name))
  );
}

/**
 * Re-runs the failing tests by name on the same code, up to twice: those that pass are flaky. Nothing is
 * re-run when the runner cannot be narrowed to them (the failure then stands).
 */
export async function confirmFlaky(ports: GatePorts, gate: GateName, failing: readonly TestCase[], files: Readonly<Record<string, string>>): Promise<Set<string>> {
  const flaky = new Set<string>();
  let pending = [...failing];
  for (let attempt = 0; attempt < RERUNS && pending.length > 0; attempt++) {
    const paths = [...new Set(pending.flatMap((test) => (test.file === undefined ? [] : [test.file])))];
    const command = ports.narrowedCommand?.({ files: pending.every((test) => test.file !== undefined) ? paths : [], tests: pending });
    if (command === undefined) break;
    const rerun = await ports.runGate(gate, command);
    if (rerun.aborted) break;
    const passedNow = new Set(attributeFiles(rerun.results, files).tests.filter((test) => test.passed).map((test) => test.id));
    for (const test of pending) if (passedNow.has(test.id)) flaky.add(test.id);
    const still = pending.filter((test) => !flaky.has(test.id));
    const names = (tests: readonly TestCase[]) => tests.map((test) => `"${test.id}"`).join(", ");
    const passedHere = pending.filter((test) => flaky.has(test.id));
    const summary = `re-run by name on the same code: ${[passedHere.length ? `passed ${names(passedHere)}` : "", still.length ? `failed again ${names(still)}` : ""].filter(Boolean).join("; ")}`;
    ports.gateJudged?.(gate, rerun, { passed: still.length === 0, summary });
    pending = still;
  }
  return flaky;
}

/** A row's flaky tests after a gate that confirmed `flaky`: each counted once more, over the whole run's rows. */
export function flakyAfter(rows: readonly DeepReadonly<TraceRow>[], row: DeepReadonly<TraceRow>, flaky: ReadonlySet<string>, locked: ReadonlySet<string>, at: string): FlakyTest[] {
  const entries = new Map((row.flakyTests ?? []).map((entry) => [entry.test, { ...entry }]));
  for (const test of flaky) {
    const seen = rows.flatMap((other) => other.flakyTests ?? []).filter((entry) => entry.test === test);
    const times = 1 + Math.max(0, ...seen.map((entry) => entry.times));
    entries.set(test, { test, times, locked: locked.has(test) || (entries.get(test)?.locked ?? false), at });
  }
  return [...entries.values()].sort((a, b) => a.test.localeCompare(b.test));
}

/** The fingerprint of the code (files that are not tests, and that git tracks or would track). */
export async function codeOf(ports: GatePorts, files: Readonly<Record<string, string>>): Promise<string> {
  if (!ports.trackable) return codeFingerprint(files);
  const kept = new Set(await ports.trackable(Object.keys(files)));
  return codeFingerprint(Object.fromEntries(Object.entries(files).filter(([path]) => kept.has(path))));
}
