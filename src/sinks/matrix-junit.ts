/** One requirement as a JUnit test case: CI systems then show the matrix as a test report. */
export interface RequirementCase {
  id: string;
  title: string;
  status: string;
  tests: readonly string[];
  files: readonly string[];
  /** Why it does not hold (a failure); absent when it holds. */
  failure?: string;
  /** Why it is not judged (a skip), such as a requirement the spec removed. */
  skipped?: string;
  timeSeconds?: number;
}

/** XML 1.0 text and attribute values: the five entities, and characters XML cannot hold at all dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function testcase(item: RequirementCase, classname: string): string {
  const properties = [
    `<property name="title" value="${xml(item.title)}"/>`,
    `<property name="status" value="${xml(item.status)}"/>`,
    ...item.files.map((file) => `<property name="test_file" value="${xml(file)}"/>`),
    ...item.tests.map((test) => `<property name="test" value="${xml(test)}"/>`),
  ].join("\n        ");
  const outcome = item.failure !== undefined ? `\n      <failure message="${xml(item.failure)}">${xml(item.failure)}</failure>` : item.skipped !== undefined ? `\n      <skipped message="${xml(item.skipped)}"/>` : "";
  return `    <testcase name="${xml(item.id)}" classname="${xml(classname)}" time="${(item.timeSeconds ?? 0).toFixed(3)}">\n      <properties>\n        ${properties}\n      </properties>${outcome}\n    </testcase>`;
}

/** A JUnit XML document with one <testsuite> holding one <testcase> per requirement. */
export function requirementsJunit(suite: string, cases: readonly RequirementCase[]): string {
  const failures = cases.filter((item) => item.failure !== undefined).length;
  const skipped = cases.filter((item) => item.failure === undefined && item.skipped !== undefined).length;
  const body = cases.map((item) => testcase(item, suite)).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
