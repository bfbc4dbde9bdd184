// Gate overhead of getting structured per-test results, as a share of the test run: the same test command
// run through the gate (report flags or variables, a private report folder, reading and parsing the report)
// against a plain run of the command through the same process runner, interleaved, medians of many runs.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTestCommand } from "../dist/gates/gate-runner.js";
import { readJunit } from "../dist/gates/reports/junit-reader.js";
import { createProcessRunner } from "../dist/process/index.js";

const REPETITIONS = Number(process.env.GATES_BENCH_RUNS ?? 15);
const runner = createProcessRunner();
const env = { PATH: process.env.PATH ?? "" };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function project(files) {
  const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-gates-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

function nodeProject() {
  const files = { "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test" } }) };
  for (let file = 0; file < 5; file++) {
    const tests = Array.from({ length: 20 }, (_, index) => `test("case ${file}-${index}", () => assert.equal(${index} + 1, ${index + 1}));`);
    files[`test/part${file}.test.js`] = `import { test } from "node:test";\nimport assert from "node:assert";\n${tests.join("\n")}\n`;
  }
  return project(files);
}

function pytestProject() {
  const files = {};
  for (let file = 0; file < 5; file++) {
    files[`tests/test_part${file}.py`] = Array.from({ length: 20 }, (_, index) => `def test_case_${index}():\n    assert ${index} + 1 == ${index + 1}\n`).join("\n");
  }
  return project(files);
}

async function measure(label, command, dir) {
  const plain = [];
  const gated = [];
  const signal = new AbortController().signal;
  // One of each first, to warm the file cache and the interpreters.
  await runner.run(command, { cwd: dir, env, timeoutMs: 120_000 });
  await runTestCommand(runner, command, { cwd: dir, env, signal });
  const timePlain = async () => {
    const start = performance.now();
    const bare = await runner.run(command, { cwd: dir, env, timeoutMs: 120_000, maxOutputBytes: 512 * 1024 });
    plain.push(performance.now() - start);
    if (bare.exitCode !== 0) throw new Error(`${label}: the plain run exited ${bare.exitCode}`);
  };
  const timeGated = async () => {
    const start = performance.now();
    const gate = await runTestCommand(runner, command, { cwd: dir, env, signal });
    gated.push(performance.now() - start);
    if (gate.run.exitCode !== 0 || gate.results.evidence !== "report") throw new Error(`${label}: the gate run exited ${gate.run.exitCode} with ${gate.results.evidence} evidence`);
  };
  // Alternating which goes first spreads the machine's drift over both.
  for (let run = 0; run < REPETITIONS; run++) {
    if (run % 2 === 0) {
      await timePlain();
      await timeGated();
    } else {
      await timeGated();
      await timePlain();
    }
  }
  const base = median(plain);
  const withReport = median(gated);
  const share = ((withReport - base) / base) * 100;
  console.log(`gates: ${label}: median ${base.toFixed(0)} ms plain, ${withReport.toFixed(0)} ms with the report (${REPETITIONS} runs each): overhead ${share.toFixed(1)}% of the test run (target <= 5%)`);
}

async function parseCost() {
  const cases = Array.from({ length: 2000 }, (_, index) => `<testcase classname="tests.test_calc" name="test_case_${index}" time="0.001"${index % 50 === 0 ? "><failure message=\"assert\">trace</failure></testcase>" : "/>"}`);
  const xml = `<?xml version="1.0"?><testsuites><testsuite name="pytest">${cases.join("")}</testsuite></testsuites>`;
  for (let warm = 0; warm < 5; warm++) readJunit(xml, "pytest", tmpdir());
  const start = performance.now();
  const rounds = 20;
  for (let round = 0; round < rounds; round++) readJunit(xml, "pytest", tmpdir());
  console.log(`gates: reading a 2000-test JUnit report: ${((performance.now() - start) / rounds).toFixed(1)} ms`);
}

const dirs = [];
try {
  const node = await nodeProject();
  dirs.push(node);
  await measure("npm test -> node --test, 100 tests in 5 files", "npm test", node);
  const py = await pytestProject();
  dirs.push(py);
  await measure("python3 -m pytest, 100 tests in 5 files", "python3 -m pytest -q -p no:cacheprovider", py);
  await parseCost();
} finally {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
