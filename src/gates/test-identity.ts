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

/** The test file defines a test of that name: as a quoted title, or as a function (def, fn, func; a go subtest by its parent). */
function defines(text: string, leaf: string): boolean {
  if (['"', "'", "`"].some((quote) => text.includes(`${quote}${leaf}${quote}`))) return true;
  const fn = leaf.split("/")[0]!;
  return /^\w+$/.test(fn) && new RegExp(`\\b(def|fn|func)\\s+${escaped(fn)}\\s*[(<\\[]`).test(text);
}

function folderOf(file: string): string {
  return file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
}

/** The go package's import path ends with the file's folder (its name alone does not say which package is the module root). */
function inFolderOf(pkg: string, file: string): boolean {
  const folder = folderOf(file);
  return folder !== "" && (pkg === folder || pkg.endsWith(`/${folder}`));
}

/** Whether a go file may be in the package: in its folder, or at the module root when the package's path names none of the file's. */
export function packageHolds(pkg: string, file: string): boolean {
  return file.endsWith(".go") && (inFolderOf(pkg, file) || folderOf(file) === "");
}

/** Of several files defining a go test, those of its package's folder, else the module root's. */
function ofPackage(defining: Array<[string, string]>, pkg: string | undefined): Array<[string, string]> {
  if (defining.length <= 1 || pkg === undefined) return defining;
  const inFolder = defining.filter(([file]) => inFolderOf(pkg, file));
  return inFolder.length > 0 ? inFolder : defining.filter(([file]) => folderOf(file) === "");
}

/**
 * Gives each test the runner reported without a file the one test file that defines its name (a go test,
 * reported by package, the `_test.go` file of that package with its function). A test defined in several
 * files, or in none, keeps what the runner said. A test the runner placed in a file is never moved to
 * another by its text.
 */
export function attributeFiles(results: TestResults, files: Readonly<Record<string, string>>): TestResults {
  const unplaced = (test: TestCase) => test.file === undefined && !test.fileLevel;
  if (!results.tests.some(unplaced)) return results;
  const testFiles = Object.entries(files).filter(([file]) => isTestFile(file));
  const tests = results.tests.map((test) => {
    if (!unplaced(test)) return test;
    const leaf = test.name.split(" > ").at(-1)!;
    const defining = ofPackage(testFiles.filter(([, text]) => defines(text, leaf)), test.package);
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
