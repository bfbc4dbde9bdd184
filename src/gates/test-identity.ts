import { isTestFile } from "../domain/test-files.js";
import { testCase, type TestCase, type TestResults } from "./test-results.js";

/**
 * One identity per test: its file, its suite path and its name with its parameters (TestCase.id). The
 * matrix records identities; rows written before identities hold bare names, which still name their tests.
 */

/**
 * Whether a recorded identity names this test: the same identity; a name recorded before identities
 * (the title alone); or a test function read from a file, which names each of its parameter sets
 * (`tests/test_calc.py::test_add` names `tests/test_calc.py::test_add[2-3]`).
 */
export function namesTest(recorded: string, test: TestCase): boolean {
  return recorded === test.id || recorded === test.name || test.id.startsWith(`${recorded}[`);
}

/** The reported tests (whole-file entries aside) a recorded identity names. */
export function testsNamed(recorded: string, tests: readonly TestCase[]): TestCase[] {
  return tests.filter((test) => test.fileLevel !== true && namesTest(recorded, test));
}

/** Identities reported more than once in one run: two tests that cannot be told apart. */
export function duplicateIdentities(tests: readonly TestCase[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const test of tests) {
    if (test.fileLevel) continue;
    if (seen.has(test.id)) twice.add(test.id);
    seen.add(test.id);
  }
  return twice;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The test file defines a test of that name: as a quoted title, or as a function (def, fn, func). */
function defines(text: string, leaf: string): boolean {
  if (['"', "'", "`"].some((quote) => text.includes(`${quote}${leaf}${quote}`))) return true;
  return /^\w+$/.test(leaf) && new RegExp(`\\b(def|fn|func)\\s+${escaped(leaf)}\\s*[(<\\[]`).test(text);
}

/**
 * Gives each test the runner reported without a file the one test file of the project that defines its
 * name (a test defined in several files, or in none, keeps no file). Tests with a file are left as the
 * runner reported them: a name is never moved to another file by its text.
 */
export function attributeFiles(results: TestResults, files: Readonly<Record<string, string>>): TestResults {
  if (results.tests.every((test) => test.file !== undefined || test.fileLevel)) return results;
  const testFiles = Object.entries(files).filter(([file]) => isTestFile(file));
  const tests = results.tests.map((test) => {
    if (test.file !== undefined || test.fileLevel) return test;
    const leaf = test.name.split(" > ").at(-1)!;
    const defining = testFiles.filter(([, text]) => defines(text, leaf));
    return defining.length === 1 ? testCase(test.name, test.status, { file: defining[0]![0] }) : test;
  });
  return { ...results, tests };
}

/**
 * Test functions a Python test file defines (`def test_x` at the top level, or in a `class Test...`), as
 * identities: what its tests are when the file cannot be collected yet (its module does not exist).
 */
export function pythonTestsIn(file: string, text: string): string[] {
  const names: string[] = [];
  let testClass: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const top = /^class\s+(Test\w*)\s*[(:]/.exec(line);
    if (top) {
      testClass = top[1];
      continue;
    }
    if (/^\S/.test(line) && !/^(async\s+)?def\s/.test(line) && !/^@/.test(line)) testClass = undefined;
    const topDef = /^(?:async\s+)?def\s+(test\w*)\s*\(/.exec(line);
    if (topDef) {
      testClass = undefined;
      names.push(`${file}::${topDef[1]}`);
      continue;
    }
    const method = /^\s+(?:async\s+)?def\s+(test\w*)\s*\(/.exec(line);
    if (method && testClass !== undefined) names.push(`${file}::${testClass}::${method[1]}`);
  }
  return names;
}

/** Whether a test file's text defines any test a runner would run: a file without one proves nothing by exiting 0. */
export function holdsTests(file: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (file.endsWith(".py")) return pythonTestsIn(file, text).length > 0;
  if (file.endsWith(".go")) return /^func\s+(Test|Example|Fuzz)\w*\s*\(/m.test(text);
  if (file.endsWith(".rs")) return /#\[(\w+::)?test\]/.test(text);
  return /\b(test|it|specify)(\.\w+)*\s*\(/.test(text);
}
