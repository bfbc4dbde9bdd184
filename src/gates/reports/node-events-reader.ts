import { testCase, type TestCase, type TestStatus } from "../test-results.js";
import { UnreadableReportError } from "./junit-reader.js";
import { projectRelative } from "./project-path.js";

/**
 * node --test's own events, one JSON line each, written by a reporter module greenlight puts in the
 * run's report folder. Node 20's JUnit reporter names no file, so two `test('works')` in two files would
 * be one test; its events carry the file of every test, and their nesting gives the suite path.
 */
export const NODE_EVENTS_REPORTER = `export default async function* greenlightEvents(source) {
  for await (const event of source) {
    if (event.type !== "test:start" && event.type !== "test:pass" && event.type !== "test:fail") continue;
    const data = event.data;
    yield JSON.stringify({
      type: event.type,
      name: data.name,
      nesting: data.nesting,
      file: data.file,
      suite: data.details?.type === "suite",
      skip: data.skip !== undefined && data.skip !== false,
      todo: data.todo !== undefined && data.todo !== false,
    }) + "\\n";
  }
}
`;

interface NodeEvent {
  type: "test:start" | "test:pass" | "test:fail";
  name: string;
  nesting: number;
  file?: string;
  suite: boolean;
  skip: boolean;
  todo: boolean;
}

function parseLine(line: string, number: number): NodeEvent {
  try {
    const event = JSON.parse(line) as NodeEvent;
    if (typeof event.name !== "string" || typeof event.nesting !== "number") throw new Error("no name or nesting");
    return event;
  } catch (error) {
    throw new UnreadableReportError(`line ${number}: ${(error as Error).message}`);
  }
}

/**
 * The tests in the events. A file's own entry (node names it by the file's path, at the top level) is a
 * whole-file entry: the file failed to load, or ran no test. A suite that passed is not a test; one that
 * failed stays, as its hooks' failures are reported on it.
 */
export function readNodeEvents(text: string, projectDir: string): TestCase[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const paths = new Map<string, string[]>();
  const tests: TestCase[] = [];
  lines.forEach((line, index) => {
    const event = parseLine(line, index + 1);
    const key = event.file ?? "";
    const path = paths.get(key) ?? [];
    paths.set(key, path);
    if (event.type === "test:start") {
      path.length = event.nesting;
      path.push(event.name);
      return;
    }
    const file = event.file === undefined ? undefined : projectRelative(projectDir, event.file);
    if (event.nesting === 0 && event.file !== undefined && event.name === event.file) {
      tests.push(testCase(file!, event.type === "test:fail" ? "errored" : "skipped", { file: file!, fileLevel: true }));
      return;
    }
    if (event.suite && event.type === "test:pass") return;
    const status: TestStatus = event.skip || event.todo ? "skipped" : event.type === "test:pass" ? "passed" : "failed";
    const title = [...path.slice(0, event.nesting), event.name].join(" > ");
    tests.push(testCase(title, status, file === undefined ? {} : { file }));
  });
  return tests;
}
