import type { TestCase } from "./test-results.js";

/** The one key a test is known by across gate runs: its name as the runner reports it (suite path included). */
export function testIdentity(test: TestCase): string {
  return test.name;
}
