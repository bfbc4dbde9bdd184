import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";

/** Ends the run with one line when tests were skipped for want of bubblewrap, so a green run cannot hide it. */
export default class SandboxSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: TestCase[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests("skipped")) if (sandboxMissing(test) !== undefined) skipped.push(test);
    }
    if (skipped.length === 0) return;
    const reason = sandboxMissing(skipped[0]!);
    process.stderr.write(`\n\x1b[1;33mSANDBOX TESTS SKIPPED: ${skipped.length} tests need bubblewrap and ${reason}. Install it: sudo apt-get install bubblewrap (GREENLIGHT_REQUIRE_SANDBOX=1 makes them fail instead)\x1b[0m\n`);
  }
}

/** The reason on the test or on the describe() it sits in. */
function sandboxMissing(test: TestCase): string | undefined {
  let node: TestCase | TestSuite | TestModule = test;
  while (node.type !== "module") {
    const reason = node.meta().sandboxMissing;
    if (reason !== undefined) return reason;
    node = node.parent;
  }
  return undefined;
}
