import type { WriteGuard } from "../tools/tool.js";
import { changedHarnessOfFile, describePart, isHarnessFile, type HarnessDigests } from "./test-harness.js";

/**
 * After the red gate, a requirement's tests are the contract, and the harness that decides what the test
 * command runs is part of it: only QA may change either. The lock is a WriteGuard the toolset consults
 * on every Write/Edit; a refusal tells the model what to do instead. Locks last: the tests of approved
 * requirements stay locked while later ones are worked on.
 */
export interface TestLock {
  readonly guard: WriteGuard;
  lock(files: readonly string[]): void;
  unlock(files: readonly string[]): void;
  isLocked(file: string): boolean;
  /** Locks the harness as recorded (replacing the previous record): a write that changes a part is refused. */
  lockHarness(digests: Readonly<HarnessDigests>): void;
}

export interface LockRefusal {
  agent: string;
  file: string;
  kind: "locked_test" | "harness";
  /** The harness parts the write would change (for a harness refusal). */
  parts: string[];
  message: string;
}

function normalise(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

export function createTestLock(qaAgent: string, testCommand: string, onRefused: (refusal: LockRefusal) => void): TestLock {
  const locked = new Set<string>();
  let harness: HarnessDigests | undefined;
  const guard: WriteGuard = (relativePath, agent, content) => {
    const file = normalise(relativePath);
    if (agent === qaAgent) return undefined;
    if (locked.has(file)) {
      const message = `${file} is a locked test file: after the red gate only QA (${qaAgent}) may change it. Make the tests pass by changing the code; if a test is wrong, say so in your final message and ask for a handoff to QA.`;
      onRefused({ agent, file, kind: "locked_test", parts: [], message });
      return message;
    }
    // The harness is judged on the new content (given right before the write): package.json may gain dependencies.
    if (harness === undefined || content === undefined || !isHarnessFile(file)) return undefined;
    const parts = changedHarnessOfFile(harness, file, content, testCommand);
    if (parts.length === 0) return undefined;
    const named = parts.map(describePart).join(", ");
    const message = `${named} is part of the locked test harness (what decides which tests the test command runs): after the red gate only QA (${qaAgent}) may change it. Make the tests pass by changing the code, leaving the harness as it is; if the harness is wrong, say so in your final message and ask for a handoff to QA.`;
    onRefused({ agent, file, kind: "harness", parts, message });
    return message;
  };
  return {
    guard,
    lock: (files) => files.forEach((file) => locked.add(normalise(file))),
    unlock: (files) => files.forEach((file) => locked.delete(normalise(file))),
    isLocked: (file) => locked.has(normalise(file)),
    lockHarness: (digests) => {
      harness = { ...digests };
    },
  };
}
