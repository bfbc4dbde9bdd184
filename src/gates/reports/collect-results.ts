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
 * output, else none (evidence: the exit code alone).
 */
export function collectResults(plan: ReportPlan, output: string, projectDir: string): CollectedResults {
  const problems: string[] = [];
  let found = false;
  const tests: TestCase[] = [];
  for (const source of plan.sources) {
    try {
      const read = source.read(output);
      if (read === undefined) continue;
      found = true;
      tests.push(...read);
    } catch (error) {
      if (!(error instanceof UnreadableReportError)) throw error;
      problems.push(`${source.runner} report unreadable: ${error.message}`);
    }
  }
  if (found) return { results: resultsFrom("report", tests), problems };
  return { results: parseTestResults(plan.humanOutput(output), projectDir), problems };
}
