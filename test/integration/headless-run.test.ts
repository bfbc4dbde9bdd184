import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/**
 * Whole pipelines through the built CLI: the demo project in a temp folder, the demo cassette replayed
 * by the scripted provider, and real `node --test` gates.
 */

const REPO = resolve(import.meta.dirname, "../..");
const MAIN = join(REPO, "dist/main.js");
const CASSETTE = join(REPO, "examples/calculator/cassettes/demo.json");

let project: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-run-"));
  await cp(join(REPO, "examples/calculator"), project, { recursive: true, filter: (source) => !source.includes("cassettes") });
  const plan = spawnSync(process.execPath, [MAIN, "plan", join(project, "SPEC.md"), "--project", project], { encoding: "utf8" });
  expect(plan.status, plan.stderr).toBe(0);
});
afterEach(async () => rm(project, { recursive: true, force: true }));

function run(extra: string[] = []) {
  return spawnSync(process.execPath, [MAIN, "run", "--project", project, "--cassette", CASSETTE, "--pace", "0", ...extra], { encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 120_000 });
}

interface SavedRow {
  id: string;
  status: string;
  tests: { files: string[]; names: string[]; digests?: Record<string, string> };
  code: string[];
  reviews: Array<{ verdict: string }>;
}

async function savedRows(): Promise<SavedRow[]> {
  return (JSON.parse(await readFile(join(project, ".greenlight/state/traceability_matrix.json"), "utf8")) as { requirements: SavedRow[] }).requirements;
}

async function matrix() {
  return (await savedRows()).map((row) => ({ id: row.id, status: row.status, tests: { files: row.tests.files, names: row.tests.names }, code: row.code, reviews: row.reviews.map((review) => review.verdict) }));
}

/**
 * Kills a headless demo run with SIGKILL once its output matches `when`. A killed greenlight cannot remove
 * its scratch folders, so it gets a TMPDIR of the test's own, removed after it.
 */
async function killRunWhen(when: RegExp): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "greenlight-killed-"));
  const child = spawn(process.execPath, [MAIN, "run", "--project", project, "--cassette", CASSETTE, "--pace", "5", "--headless"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TMPDIR: scratch } });
  let output = "";
  await new Promise<void>((done) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (when.test(output) && child.exitCode === null) {
        child.kill("SIGKILL");
        done();
      }
    });
    child.on("exit", () => done());
  });
  await new Promise((settle) => child.on("close", settle));
  await rm(scratch, { recursive: true, force: true });
  expect(child.signalCode).toBe("SIGKILL");
}

const EXPECTED = [
  { id: "REQ-001", status: "approved", tests: { files: ["test/add.test.js"], names: ["test/add.test.js::add returns the sum of two numbers"] }, code: ["src/calc.js"], reviews: ["approve"] },
  { id: "REQ-002", status: "approved", tests: { files: ["test/divide.test.js"], names: ["test/divide.test.js::divide returns the quotient", "test/divide.test.js::divide by zero throws a RangeError"] }, code: ["src/calc.js"], reviews: ["approve"] },
  { id: "REQ-003", status: "approved", tests: { files: ["test/average.test.js"], names: ["test/average.test.js::average returns the arithmetic mean", "test/average.test.js::average of an empty list throws a RangeError"] }, code: ["src/calc.js"], reviews: ["request_changes", "approve"] },
];

describe("greenlight run --headless with the demo cassette", () => {
  it("approves every requirement, shows the refused tamper and the failing green gate, exit 0", async () => {
    const result = run(["--headless"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/backend  refused at the tool: test\/add\.test\.js is a locked test file \(REQ-001 tamper attempts: 1\)/);
    expect(result.stdout).toMatch(/REQ-002 green gate FAILED/);
    expect(result.stdout).toMatch(/3\/3 approved\s*\nrun log: /);
    expect(await matrix()).toEqual(EXPECTED);
    expect(await readFile(join(project, "test/add.test.js"), "utf8")).toContain("calc.add(-1, 1)");
    for (const row of await savedRows()) {
      const onDisk = await Promise.all(row.tests.files.map(async (file) => [file, createHash("sha256").update(await readFile(join(project, file), "utf8")).digest("hex")]));
      expect(row.tests.digests, row.id).toEqual(Object.fromEntries(onDisk));
    }
  });

  it("prints JSONL events with --json and nothing approved is redone on a second run", async () => {
    const first = run(["--json"]);
    expect(first.status, first.stderr).toBe(0);
    const events = first.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string });
    expect(events[0]!.type).toBe("run_started");
    expect(events.at(-1)).toMatchObject({ type: "run_finished", outcome: "approved", approved: 3, total: 3 });
    const second = run(["--json"]);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toMatch(/"session_started"/);
  });

  it("exits 2 for --approve each without a person at the workspace", () => {
    const result = run(["--headless", "--approve", "each"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--approve each needs a person at the workspace/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 with the key named for a bad greenlight.json", async () => {
    await import("node:fs/promises").then((fs) => fs.writeFile(join(project, "greenlight.json"), JSON.stringify({ maxAttempts: { review: "x" } })));
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/greenlight\.json: key 'maxAttempts\.review'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("resumes after SIGKILL mid-stage to the same final matrix", async () => {
    await killRunWhen(/REQ-002 implementing \(backend\): backend starts/);
    const resumed = run(["--headless"]);
    expect(resumed.status, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).not.toMatch(/REQ-001 writing_tests/);
    expect(await matrix()).toEqual(EXPECTED);
  });

  it("after SIGKILL, a locked test rewritten behind the write guard is still refused by the resumed run's green gate", async () => {
    await killRunWhen(/REQ-002 implementing \(backend\): backend starts/);
    // What a backend's Bash command could have done before the crash: the red gate's contract is on disk.
    await writeFile(join(project, "test/divide.test.js"), 'import { test } from "node:test";\ntest("divide returns the quotient", () => {});\n');
    const resumed = run(["--headless"]);
    expect(resumed.stdout).toMatch(/REQ-002 implementing \(backend\): green gate refused: the locked test file\(s\) test\/divide\.test\.js changed since the red gate/);
    expect(resumed.status).toBe(1);
    expect((await matrix()).find((row) => row.id === "REQ-002")?.status).not.toBe("approved");
  });
});
