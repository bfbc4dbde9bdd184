import { parseTestResults, resultsFrom, type TestCase, type TestResults } from "../test-results.js";
import { UnreadableReportError } from "./junit-reader.js";
import type { ReportPlan } from "./report-plan.js";

export interface CollectedResults {
  results: TestResults;
  /** What went wrong reading a report (the results then come from what remained, or the output). */
  problems: string[];
}

/**
 * The run's per-test results: from the reports its runners wrote when there is any, else read from its
 * output, else none (evidence: the exit code alone). A runner asked for a report that wrote none (it
 * exited before writing: `os._exit(0)` in an imported module) is named in missingReports: the gates then
 * have no evidence, whatever the output says.
 */
export function collectResults(plan: ReportPlan, output: string, projectDir: string): CollectedResults {
  const problems: string[] = [];
  let found = false;
  const tests: TestCase[] = [];
  const missing: string[] = [];
  for (const source of plan.sources) {
    try {
      const read = source.read(output);
      if (source.expected && (read === undefined || read.length === 0)) missing.push(source.runner);
      if (read === undefined) continue;
      found = true;
      tests.push(...read);
    } catch (error) {
      if (!(error instanceof UnreadableReportError)) throw error;
      problems.push(`${source.runner} report unreadable: ${error.message}`);
      if (source.expected) missing.push(source.runner);
    }
  }
  const results = found ? resultsFrom("report", tests) : parseTestResults(plan.humanOutput(output), projectDir);
  if (missing.length > 0) {
    problems.push(`no ${missing.join(", ")} report came back (or an empty one): no evidence that its tests ran`);
    results.missingReports = missing;
  }
  return { results, problems };
}
