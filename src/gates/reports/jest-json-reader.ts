import { testCase, type TestCase, type TestStatus } from "../test-results.js";
import { projectRelative } from "./project-path.js";
import { UnreadableReportError } from "./junit-reader.js";

interface JestAssertion {
  title?: string;
  ancestorTitles?: string[];
  status?: string;
}

interface JestFile {
  name?: string;
  status?: string;
  message?: string;
  assertionResults?: JestAssertion[];
}

const STATUS: Record<string, TestStatus> = { passed: "passed", failed: "failed", pending: "skipped", skipped: "skipped", todo: "skipped", disabled: "skipped", focused: "passed" };

/**
 * The tests in jest's `--json` report. A test file that failed to run (a syntax error, a missing module)
 * has no assertion results and a failure message: it becomes one file-level entry.
 */
export function readJestJson(text: string, projectDir: string): TestCase[] {
  let report: { testResults?: JestFile[] };
  try {
    report = JSON.parse(text) as { testResults?: JestFile[] };
  } catch (error) {
    throw new UnreadableReportError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(report.testResults)) throw new UnreadableReportError("no testResults array");
  return report.testResults.flatMap((file) => {
    const path = file.name ? projectRelative(projectDir, file.name) : undefined;
    const where = path ? { file: path } : {};
    const assertions = file.assertionResults ?? [];
    if (assertions.length === 0) return [testCase(path ?? "", file.status === "failed" ? "errored" : "passed", { ...where, fileLevel: true })];
    return assertions.map((test) => testCase([...(test.ancestorTitles ?? []), test.title ?? ""].join(" > "), STATUS[test.status ?? ""] ?? "errored", where));
  });
}
