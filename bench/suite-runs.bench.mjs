// Suite runs per requirement: gate seconds per requirement over the seconds of one plain run of the suite,
// for a slow suite (8 test files of ~1.2 s each) and three small requirements, through a whole headless
// run (scripted agents, real node --test gates). The first red gate runs the whole suite to record the
// baseline; later test-only red gates run QA's files alone, and every green gate runs the whole suite.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(repo, "dist", "main.js");
const FILES = 8;
const REQUIREMENTS = 3;
const project = mkdtempSync(join(tmpdir(), "greenlight-bench-suite-"));

const write = (path, text) => {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
};
const header = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\n';
let id = 0;
const turn = (name, input) => ({ content: [{ type: "tool_use", id: `toolu_bench_${++id}`, name, input }] });
const say = (text) => ({ content: [{ type: "text", text }] });

try {
  write("package.json", JSON.stringify({ name: "slow-suite", private: true, type: "module", scripts: { test: "node --test" } }));
  write("src/calc.js", "export const version = 1;\n");
  for (let file = 0; file < FILES; file++) {
    // A slow file: its tests wait, as integration tests wait for servers and disks.
    write(`test/slow${file}.test.js`, `${header}test("slow ${file}", async () => { await new Promise((resolve) => setTimeout(resolve, 1200)); assert.ok(true); });\n`);
  }
  const names = ["add", "subtract", "multiply"];
  const ops = ["a + b", "a - b", "a * b"];
  const spec = ["# Calc", "", ...names.flatMap((name, index) => [`## REQ-00${index + 1}: ${name}`, `\`${name}(a, b)\`.`, ""])].join("\n");
  write("SPEC.md", spec);
  const scripts = names.flatMap((name, index) => {
    const requirement = `REQ-00${index + 1}`;
    const code = `export const version = 1;\n${names.slice(0, index + 1).map((fn, at) => `export const ${fn} = (a, b) => ${ops[at]};\n`).join("")}`;
    return [
      { agent: "qa", requirement, turns: [turn("Write", { file_path: `test/${name}.test.js`, content: `${header}import * as calc from "../src/calc.js";\ntest("${name} works", () => assert.equal(typeof calc.${name}, "function"));\n` }), say("Tests written.")] },
      { agent: "backend", requirement, turns: [turn("Write", { file_path: "src/calc.js", content: code }), say("Done.")] },
      { agent: "reviewer", requirement, turns: [turn("ReviewVerdict", { verdict: "approve", summary: "fine", findings: [] }), say("Approved.")] },
    ];
  });
  const cassette = `${project}.cassette.json`;
  writeFileSync(cassette, JSON.stringify({ version: 1, scripts }));
  const plan = spawnSync(process.execPath, [main, "plan", join(project, "SPEC.md"), "--project", project], { encoding: "utf8" });
  if (plan.status !== 0) throw new Error(plan.stderr);
  // A plain run of the suite as a person would type it, before and after the run (the machine's load drifts): the faster counts.
  const plainRun = () => {
    const started = process.hrtime.bigint();
    const plain = spawnSync("npm", ["test"], { cwd: project, encoding: "utf8" });
    if (plain.status !== 0) throw new Error(`the plain suite run exited ${plain.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const before = plainRun();
  const run = spawnSync(process.execPath, [main, "run", "--project", project, "--cassette", cassette, "--pace", "0", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  rmSync(cassette, { force: true });
  if (run.status !== 0) throw new Error(`the run exited ${run.status}: ${run.stderr}`);
  const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  const gates = events.filter((event) => event.type === "gate_finished");
  const gateMs = gates.reduce((sum, event) => sum + event.durationMs, 0);
  const approved = events.find((event) => event.type === "run_finished")?.approved;
  if (approved !== REQUIREMENTS) throw new Error(`${approved} of ${REQUIREMENTS} approved`);
  const suiteMs = Math.min(before, plainRun());
  const perRequirement = gateMs / REQUIREMENTS;
  const byGate = gates.map((event) => `${event.requirement} ${event.gate} ${(event.durationMs / 1000).toFixed(1)} s`).join(", ");
  console.log(`suite-runs: one suite run ${(suiteMs / 1000).toFixed(1)} s; ${gates.length} gate runs: ${byGate}`);
  console.log(`suite-runs: gate seconds per requirement ${(perRequirement / 1000).toFixed(1)} s = ${(perRequirement / suiteMs).toFixed(2)}x one suite run (target <= 1.5x)`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
