import { testCase, type TestCase } from "../test-results.js";

/** One line of `go test -json` (the test2json format). */
interface GoEvent {
  Action?: string;
  Package?: string;
  Test?: string;
  Output?: string;
}

function events(output: string): GoEvent[] {
  return output.split(/\r?\n/).flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      const event = JSON.parse(line) as GoEvent;
      return typeof event.Action === "string" ? [event] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The tests in `go test -json` output, which is the run's own stdout. A package whose test binary failed
 * to build or exited before its tests ("FAIL pkg [build failed]", a panic in init) ends with a package-level
 * fail and no test: it becomes one file-level entry named after the package. Undefined when the output has
 * no test2json line at all.
 */
export function readGoTestJson(output: string): TestCase[] | undefined {
  const all = events(output);
  if (all.length === 0) return undefined;
  const final = new Map<string, TestCase>();
  const packagesWithTests = new Set<string>();
  const packageFailures: string[] = [];
  for (const event of all) {
    const status = event.Action === "pass" ? "passed" : event.Action === "fail" ? "failed" : event.Action === "skip" ? "skipped" : undefined;
    if (status === undefined) continue;
    const pkg = event.Package ?? "";
    if (event.Test !== undefined) {
      packagesWithTests.add(pkg);
      final.set(`${pkg}\u0000${event.Test}`, testCase(event.Test, status, pkg ? { package: pkg } : {}));
    } else if (status === "failed") packageFailures.push(pkg);
  }
  const fileLevel = packageFailures.filter((pkg) => !packagesWithTests.has(pkg)).map((pkg) => testCase(pkg, "errored", { package: pkg, fileLevel: true }));
  return [...final.values(), ...fileLevel];
}

/** The human text inside `go test -json` output (what `go test -v` prints), for the output tail. */
export function goJsonAsText(output: string): string {
  return output
    .split(/\r?\n/)
    .map((line) => {
      if (!line.startsWith("{")) return `${line}\n`;
      try {
        const event = JSON.parse(line) as GoEvent;
        return typeof event.Action === "string" ? (event.Output ?? "") : `${line}\n`;
      } catch {
        return `${line}\n`;
      }
    })
    .join("");
}
