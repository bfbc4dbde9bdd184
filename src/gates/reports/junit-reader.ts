import { existsSync } from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { testCase, type TestCase, type TestStatus } from "../test-results.js";
import { projectRelative, pythonModuleFile } from "./project-path.js";

/** Runners whose JUnit XML needs reading in its own way; "generic" reads any other writer's. */
export type JunitFlavor = "vitest" | "pytest" | "generic";

interface RawCase {
  name?: string;
  classname?: string;
  file?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
}

interface RawSuite {
  testsuite?: RawSuite[];
  testcase?: RawCase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Attribute values and text stay strings: a test named "1e3" is not a number.
  parseAttributeValue: false,
  parseTagValue: false,
  htmlEntities: false,
  isArray: (name) => name === "testsuite" || name === "testcase" || name === "testsuites",
});

function statusOf(raw: RawCase): TestStatus {
  if (raw.error !== undefined) return "errored";
  if (raw.failure !== undefined) return "failed";
  if (raw.skipped !== undefined) return "skipped";
  return "passed";
}

function casesOf(suite: RawSuite): RawCase[] {
  return [...(suite.testcase ?? []), ...(suite.testsuite ?? []).flatMap(casesOf)];
}

function isAbsolutePath(text: string): boolean {
  return /^(\/|[A-Za-z]:[\\/])/.test(text);
}

type ModuleOf = (dotted: string) => { file: string; rest: string[] };

/** One JUnit <testcase> as greenlight's TestCase, reading each runner's conventions. */
function toTestCase(raw: RawCase, flavor: JunitFlavor, projectDir: string, moduleOf: ModuleOf): TestCase {
  const name = raw.name ?? "";
  const classname = raw.classname ?? "";
  const status = statusOf(raw);
  const fileAttribute = raw.file ? projectRelative(projectDir, raw.file) : undefined;
  switch (flavor) {
    case "vitest": {
      const file = fileAttribute ?? projectRelative(projectDir, classname);
      return testCase(name, status, { file, fileLevel: name === classname });
    }
    case "pytest": {
      // A collection error is one <error> named after the module (tests.test_calc), with an empty classname.
      if (classname === "") {
        const module = moduleOf(name);
        return testCase(name, status, { file: fileAttribute ?? module.file, fileLevel: true });
      }
      const module = moduleOf(classname);
      return testCase([...module.rest, name].join("::"), status, { file: fileAttribute ?? module.file });
    }
    case "generic": {
      const file = fileAttribute ?? (/[\\/]/.test(classname) ? projectRelative(projectDir, classname) : undefined);
      // A writer that names a file's own entry by its path: the name equals the file, or is a file on disk.
      const fileLevel = name !== "" && (name === file || (isAbsolutePath(name) && existsSync(name)));
      return testCase(fileLevel ? projectRelative(projectDir, name) : name, status, { ...(file ? { file } : {}), fileLevel });
    }
  }
}

/** Thrown for a report that is not well-formed JUnit XML: the caller falls back to the output. */
export class UnreadableReportError extends Error {
  override readonly name = "UnreadableReportError";
}

/** The tests in a JUnit XML report, however its <testsuites>/<testsuite> are nested. */
export function readJunit(xml: string, flavor: JunitFlavor, projectDir: string): TestCase[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new UnreadableReportError(`not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const document = parser.parse(xml) as { testsuites?: RawSuite[]; testsuite?: RawSuite[] };
  if (document.testsuites === undefined && document.testsuite === undefined) throw new UnreadableReportError("no <testsuites> or <testsuite> element");
  const roots: RawSuite[] = [...(document.testsuites ?? []), { testsuite: document.testsuite ?? [] }];
  // Tests of one module share a classname: look each module up on disk once.
  const modules = new Map<string, { file: string; rest: string[] }>();
  const moduleOf: ModuleOf = (dotted) => modules.get(dotted) ?? modules.set(dotted, pythonModuleFile(projectDir, dotted)).get(dotted)!;
  return roots.flatMap(casesOf).map((raw) => toTestCase(raw, flavor, projectDir, moduleOf));
}
