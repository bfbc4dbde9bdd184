import type { Evidence } from "./traceability.js";

/**
 * How a gate's evidence reads on screen and in logs. Exit-code-only evidence names no test, so it never
 * reads like a report: it says so in words.
 */
export function evidenceLabel(evidence: Evidence): string {
  switch (evidence) {
    case "report":
      return "tests named by the runner's report";
    case "output":
      return "tests read from the output";
    case "exit-code":
      return "exit code only: no test named";
  }
}
