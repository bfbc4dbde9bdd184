import type { WriteGuard } from "../tools/tool.js";

/**
 * After the red gate, a requirement's tests are the contract: only QA may change them. The lock is a
 * WriteGuard the toolset consults on every Write/Edit; a refusal tells the model what to do instead.
 */
export interface TestLock {
  readonly guard: WriteGuard;
  lock(files: readonly string[]): void;
  unlock(files: readonly string[]): void;
  isLocked(file: string): boolean;
}

function normalise(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

export function createTestLock(qaAgent: string, onRefused: (file: string, agent: string) => void): TestLock {
  const locked = new Set<string>();
  const guard: WriteGuard = (relativePath, agent) => {
    const file = normalise(relativePath);
    if (agent === qaAgent || !locked.has(file)) return undefined;
    onRefused(file, agent);
    return `${file} is a locked test file: after the red gate only QA (${qaAgent}) may change it. Make the tests pass by changing the code; if a test is wrong, say so in your final message and ask for a handoff to QA.`;
  };
  return {
    guard,
    lock: (files) => files.forEach((file) => locked.add(normalise(file))),
    unlock: (files) => files.forEach((file) => locked.delete(normalise(file))),
    isLocked: (file) => locked.has(normalise(file)),
  };
}
