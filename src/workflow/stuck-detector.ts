import type { TestResults } from "../gates/test-results.js";

/**
 * A green-gate failure reduced to what stays the same when nothing changed: the failing test names, or
 * the output tail with timings, temp paths and addresses taken out.
 */
export function failureSignature(exitCode: number | null, results: TestResults, outputTail: string): string {
  if (results.reported) {
    const failing = results.tests.filter((test) => !test.passed).map((test) => test.id).sort();
    return `exit ${exitCode}: ${failing.join(" | ")}`;
  }
  const steady = outputTail
    .replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, "")
    .replace(/duration_ms:?\s*[\d.]+/g, "")
    .replace(/\b0x[0-9a-f]+\b/gi, "")
    .replace(/\/tmp\/\S+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return `exit ${exitCode}: ${steady}`;
}

export interface GreenAttempt {
  signature: string;
  /** A fingerprint of the project's files when the gate ran. */
  tree: string;
}

/** Stuck: the same failure as last time while not one file changed in between. */
export function isStuck(previous: GreenAttempt | undefined, current: GreenAttempt): boolean {
  return previous !== undefined && previous.signature === current.signature && previous.tree === current.tree;
}
