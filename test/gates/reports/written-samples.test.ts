import { describe, expect, it } from "vitest";
import { readGoTestJson, goJsonAsText } from "../../../src/gates/reports/go-json-reader.js";
import { readJestJson } from "../../../src/gates/reports/jest-json-reader.js";
import { readJunit, UnreadableReportError } from "../../../src/gates/reports/junit-reader.js";
import { attributeFiles } from "../../../src/gates/test-identity.js";
import { inFiles } from "../../../src/gates/test-ledger.js";
import { parseTestResults, resultsFrom } from "../../../src/gates/test-results.js";

/**
 * Readers for runners not installed on this machine (go, cargo nextest), checked on report text written by
 * hand after each format's documentation and real output seen elsewhere.
 */

const states = (tests: Array<{ name: string; status: string; fileLevel?: boolean }>) => tests.map((test) => `${test.name}: ${test.status}${test.fileLevel ? " (file)" : ""}`);

describe("go test -json", () => {
  const output = [
    `{"Time":"2026-12-02T08:00:00.1Z","Action":"start","Package":"example.com/calc"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"run","Package":"example.com/calc","Test":"TestAdd"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"output","Package":"example.com/calc","Test":"TestAdd","Output":"=== RUN   TestAdd\\n"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"output","Package":"example.com/calc","Test":"TestAdd","Output":"--- PASS: TestAdd (0.00s)\\n"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"pass","Package":"example.com/calc","Test":"TestAdd","Elapsed":0}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"run","Package":"example.com/calc","Test":"TestDiv"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"output","Package":"example.com/calc","Test":"TestDiv","Output":"    calc_test.go:12: got 1, want 2\\n"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"fail","Package":"example.com/calc","Test":"TestDiv","Elapsed":0}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"run","Package":"example.com/calc","Test":"TestTable/small"}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"pass","Package":"example.com/calc","Test":"TestTable/small","Elapsed":0}`,
    `{"Time":"2026-12-02T08:00:00.2Z","Action":"skip","Package":"example.com/calc","Test":"TestLater","Elapsed":0}`,
    `{"Time":"2026-12-02T08:00:00.3Z","Action":"fail","Package":"example.com/calc","Elapsed":0.2}`,
    `# example.com/broken`,
    `broken/broken.go:3:1: syntax error: non-declaration statement outside function body`,
    `{"Time":"2026-12-02T08:00:00.4Z","Action":"start","Package":"example.com/broken"}`,
    `{"Time":"2026-12-02T08:00:00.4Z","Action":"output","Package":"example.com/broken","Output":"FAIL\\texample.com/broken [build failed]\\n"}`,
    `{"Time":"2026-12-02T08:00:00.4Z","Action":"fail","Package":"example.com/broken","Elapsed":0,"FailedBuild":"example.com/broken"}`,
  ].join("\n");

  it("names each test with its package, and a package that built no test binary as a file-level error", () => {
    expect(states(readGoTestJson(output)!)).toEqual([
      "TestAdd: passed",
      "TestDiv: failed",
      "TestTable/small: passed",
      "TestLater: skipped",
      "example.com/broken: errored (file)",
    ]);
    expect(readGoTestJson(output)![0]).toMatchObject({ package: "example.com/calc", id: "example.com/calc::TestAdd" });
  });

  it("gives each go test the _test.go file of its package that defines its function, and a package that did not build its folder's files", () => {
    const files = {
      "calc_test.go": "package calc\n\nfunc TestAdd(t *testing.T) {}\nfunc TestTable(t *testing.T) {}\n",
      "sub/calc_test.go": "package sub\n\nfunc TestAdd(t *testing.T) {}\n",
    };
    const sub = `{"Action":"pass","Package":"example.com/calc/sub","Test":"TestAdd"}`;
    const results = attributeFiles(resultsFrom("report", readGoTestJson(`${output}\n${sub}`)!), files);
    expect(results.tests.filter((test) => test.status === "passed").map((test) => test.id)).toEqual(["calc_test.go::TestAdd", "calc_test.go::TestTable/small", "sub/calc_test.go::TestAdd"]);
    const broken = results.tests.find((test) => test.fileLevel)!;
    expect([inFiles(broken, ["broken/broken_test.go"]), inFiles(broken, ["sub/calc_test.go"])]).toEqual([true, false]);
  });

  it("gives people the text go test -v would have printed", () => {
    expect(goJsonAsText(output)).toContain("=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\n");
    expect(goJsonAsText(output)).toContain("broken/broken.go:3:1: syntax error");
  });

  it("finds no report in output without a test2json line", () => {
    expect(readGoTestJson("go: cannot find main module\n")).toBeUndefined();
  });

  it("reads go test's plain output as the fallback", () => {
    expect(states(parseTestResults("=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\n--- FAIL: TestDiv (0.01s)\nFAIL\n").tests)).toEqual(["TestAdd: passed", "TestDiv: failed"]);
  });
});

describe("cargo nextest's output", () => {
  it("reads PASS, FAIL and SKIP lines", () => {
    const output = [
      "    Starting 3 tests across 1 binary (1 test skipped)",
      "        PASS [   0.004s] (1/3) calc tests::adds",
      "        FAIL [   0.005s] calc tests::divides",
      "        SKIP [         ] calc tests::later",
      "     Summary [   0.006s] 3 tests run: 1 passed, 1 failed, 1 skipped",
    ].join("\n");
    const results = parseTestResults(output);
    expect(results.evidence).toBe("output");
    expect(states(results.tests)).toEqual(["tests::adds: passed", "tests::divides: failed", "tests::later: skipped"]);
  });
});

describe("jest --json", () => {
  it("names tests with their describe blocks and file, and a file that failed to run as a file-level error", () => {
    const report = JSON.stringify({
      numTotalTests: 3,
      testResults: [
        {
          name: "/p/test/calc.test.js",
          status: "failed",
          message: "",
          assertionResults: [
            { ancestorTitles: ["calc"], title: "adds", fullName: "calc adds", status: "passed" },
            { ancestorTitles: ["calc"], title: "divides", fullName: "calc divides", status: "failed" },
            { ancestorTitles: [], title: "later", fullName: "later", status: "pending" },
            { ancestorTitles: [], title: "someday", fullName: "someday", status: "todo" },
          ],
        },
        { name: "/p/test/broken.test.js", status: "failed", message: "Cannot find module '../src/nope'", assertionResults: [] },
      ],
    });
    const tests = readJestJson(report, "/p");
    expect(states(tests)).toEqual(["calc > adds: passed", "calc > divides: failed", "later: skipped", "someday: skipped", "test/broken.test.js: errored (file)"]);
    expect(tests[0]!.file).toBe("test/calc.test.js");
  });

  it("refuses a report that is not jest's JSON", () => {
    expect(() => readJestJson("{}", "/p")).toThrow(UnreadableReportError);
  });
});

describe("JUnit XML from other writers", () => {
  it("reads testcases however deeply testsuites nest, with file attributes made project-relative", () => {
    const xml = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="outer">
    <testsuite name="inner">
      <testcase classname="calc.Calc" name="adds" file="/p/src/calc_test.rb"/>
      <testcase classname="calc.Calc" name="errs"><error message="boom"/></testcase>
    </testsuite>
    <testcase classname="calc.Calc" name="later"><skipped/></testcase>
  </testsuite>
</testsuites>`;
    const tests = readJunit(xml, "generic", "/p");
    expect(states(tests).sort()).toEqual(["adds: passed", "errs: errored", "later: skipped"]);
    expect(tests.find((test) => test.name === "adds")!.file).toBe("src/calc_test.rb");
  });

  it("reads a lone <testsuite> root, and keeps a name that looks like a number a string", () => {
    expect(states(readJunit(`<testsuite name="x"><testcase classname="a" name="1e3"/></testsuite>`, "generic", "/p"))).toEqual(["1e3: passed"]);
  });

  it("refuses a truncated report and a document that is not JUnit", () => {
    expect(() => readJunit(`<testsuites><testsuite name="x"><testcase name="a"`, "generic", "/p")).toThrow(UnreadableReportError);
    expect(() => readJunit(`<html><body/></html>`, "generic", "/p")).toThrow(/no <testsuites>/);
  });
});
