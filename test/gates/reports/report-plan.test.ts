import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planReports } from "../../../src/gates/reports/report-plan.js";

/** How greenlight asks each runner for a report, decided from the command and what it visibly runs. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-plan-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const FOLDER = "/tmp/greenlight-reports-x";
const plan = (command: string, env: Record<string, string> = {}) => planReports(command, { projectDir: dir, folder: FOLDER, env, startedAt: Date.now() });
const scripts = (entries: Record<string, string>) => writeFile(join(dir, "package.json"), JSON.stringify({ scripts: entries }));

describe("report plans", () => {
  it("always offers pytest a JUnit file through PYTEST_ADDOPTS, after the person's own options", () => {
    expect(plan("tox").env).toEqual({ PYTEST_ADDOPTS: `--junitxml=${FOLDER}/pytest.xml`, TOX_OVERRIDE: "testenv.pass_env+=PYTEST_ADDOPTS", TOX_TESTENV_PASSENV: "PYTEST_ADDOPTS" });
    expect(plan("uv run pytest", { PYTEST_ADDOPTS: "-x" }).env.PYTEST_ADDOPTS).toBe(`-x --junitxml=${FOLDER}/pytest.xml`);
    expect(plan("pytest", { PYTEST_ADDOPTS: "--junitxml=mine.xml" }).env.PYTEST_ADDOPTS).toBeUndefined();
    expect(plan("pytest").command).toBe("pytest");
    expect(plan("./run-tests.sh").env.PYTEST_ADDOPTS).toBe(`--junitxml=${FOLDER}/pytest.xml`);
  });

  it("keeps PYTEST_ADDOPTS from a command that plainly runs a JavaScript runner and nothing Python", async () => {
    await scripts({ test: "vitest run", both: "node --test && python3 -m pytest" });
    expect(plan("npm test").env.PYTEST_ADDOPTS).toBeUndefined();
    expect(plan("npm run both").env.PYTEST_ADDOPTS).toBe(`--junitxml=${FOLDER}/pytest.xml`);
  });

  it("asks node --test for reporters through NODE_OPTIONS wherever the npm script calls it", async () => {
    await scripts({ test: "npm run unit", unit: "tsc && node --test dist/" });
    const options = plan("npm test", { NODE_OPTIONS: "--max-old-space-size=512" }).env.NODE_OPTIONS;
    expect(options).toBe(`--max-old-space-size=512 --test-reporter=spec --test-reporter-destination=stdout --test-reporter=${FOLDER}/node-events.mjs --test-reporter-destination=${FOLDER}/node-events.jsonl`);
    expect(Object.keys(plan("npm test").files)).toEqual([`${FOLDER}/node-events.mjs`]);
    expect(plan("npm test").command).toBe("npm test");
  });

  it("leaves node alone when the person chose reporters, or node --test is nowhere in sight", async () => {
    await scripts({ test: "node --test --test-reporter=dot" });
    expect(plan("npm test").env.NODE_OPTIONS).toBeUndefined();
    expect(plan("node --test", { NODE_OPTIONS: "--test-reporter=tap" }).env.NODE_OPTIONS).toBeUndefined();
    expect(plan("node build.js").env.NODE_OPTIONS).toBeUndefined();
  });

  it("reads a Makefile that make test runs", async () => {
    await writeFile(join(dir, "Makefile"), "test:\n\tnode --test\n");
    expect(plan("make test").env.NODE_OPTIONS).toContain(`--test-reporter=${FOLDER}/node-events.mjs`);
  });

  it("quotes a report folder with spaces for the shell and for NODE_OPTIONS", async () => {
    await scripts({ test: "vitest run" });
    const spaced = planReports("npm test", { projectDir: dir, folder: "/tmp/a b", env: {}, startedAt: 0 });
    expect(spaced.command).toBe("npm test -- --reporter=default --reporter=junit --outputFile.junit='/tmp/a b/vitest.xml'");
    const node = planReports("node --test", { projectDir: dir, folder: "/tmp/a b", env: {}, startedAt: 0 });
    expect(node.env.NODE_OPTIONS).toContain(`--test-reporter="/tmp/a b/node-events.mjs" --test-reporter-destination="/tmp/a b/node-events.jsonl"`);
  });

  it("appends vitest, jest and mocha flags only where they reach the runner", async () => {
    await scripts({ test: "npm run build && vitest run", unit: "jest --ci", loose: "vitest run || true", other: "mocha && echo done" });
    expect(plan("npm test").command).toBe(`npm test -- --reporter=default --reporter=junit --outputFile.junit=${FOLDER}/vitest.xml`);
    expect(plan("npm run unit").command).toBe(`npm run unit -- --json --outputFile=${FOLDER}/jest.json`);
    expect(plan("npm test -- --silent").command).toBe(`npm test -- --silent --reporter=default --reporter=junit --outputFile.junit=${FOLDER}/vitest.xml`);
    expect(plan("npx mocha test/").command).toBe(`npx mocha test/ --reporter=${FOLDER}/mocha-reporter.cjs --reporter-option=output=${FOLDER}/mocha.json`);
    expect(plan("npm run loose").command).toBe("npm run loose");
    expect(plan("npm run other").command).toBe("npm run other");
    expect(plan("npx vitest run && echo ok").command).toBe("npx vitest run && echo ok");
  });

  it("asks a plain go test for -json, and nothing else", () => {
    expect(plan("go test ./...").command).toBe("go test ./... -json");
    expect(plan("go test -json ./...").command).toBe("go test -json ./...");
    expect(plan("go vet ./... && go test ./...").command).toBe("go vet ./... && go test ./...");
    expect(plan("cargo test").command).toBe("cargo test");
  });

  it("uses only the report greenlight.json names, and changes nothing in the run", () => {
    const named = planReports("./run-tests", { projectDir: dir, folder: FOLDER, env: {}, testReport: "out/junit.xml", startedAt: 0 });
    expect(named).toMatchObject({ command: "./run-tests", env: {} });
    expect(named.sources.map((source) => source.runner)).toEqual(["testReport"]);
  });
});
