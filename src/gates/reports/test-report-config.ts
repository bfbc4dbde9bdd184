import { z } from "zod";

/**
 * greenlight.json "testReport": a JUnit XML file the project's own test command writes, for runners
 * greenlight cannot ask for a report itself. A path inside the project, relative to it.
 */
export const testReportSchema = z
  .string()
  .min(1)
  .refine((path) => !/^([\\/]|[A-Za-z]:)/.test(path) && !path.split(/[\\/]/).includes(".."), {
    message: "must be a path inside the project, relative to it (e.g. \"reports/junit.xml\")",
  });
