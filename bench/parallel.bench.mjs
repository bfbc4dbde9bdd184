// Parallel requirements: four independent requirements with a scripted model latency (the cassette
// replayed at --pace MS per streamed chunk), at --parallel 1 and at --parallel 4 in the same run of the
// bench, on real git repositories with real node --test gates. The figure is the ratio of wall times.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createParallelProject } from "../test/support/parallel-project.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(repo, "dist", "main.js");
// At 400 ms a chunk a turn takes 1-5 s (mean ~2.5 s), still less than a real model turn (5-30 s): the gates weigh more here than in real runs.
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 400);
const requirements = ["REQ-001", "REQ-002", "REQ-003", "REQ-004"].map((id) => ({ id, kind: "own" }));

async function timedRun(parallel) {
  const scenario = await createParallelProject(requirements);
  try {
    const plan = spawnSync(process.execPath, [main, "plan", join(scenario.project, "SPEC.md"), "--project", scenario.project], { encoding: "utf8" });
    if (plan.status !== 0) throw new Error(plan.stderr);
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [main, "run", "--project", scenario.project, "--cassette", scenario.cassette, "--pace", String(PACE_MS), "--parallel", String(parallel), "--json"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: "true", GREENLIGHT_WORKTREES: scenario.worktrees },
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`--parallel ${parallel} exited ${run.status}: ${run.stderr.slice(-2000)}`);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const integrated = events.filter((event) => event.type === "integration_finished" && event.outcome === "integrated").length;
    const turnStarts = new Map();
    const turns = [];
    for (const event of events) {
      const key = `${event.requirement}/${event.agent}`;
      if (event.type === "turn_started") turnStarts.set(key, Date.parse(event.at));
      if (event.type === "turn_finished" && turnStarts.has(key)) turns.push(Date.parse(event.at) - turnStarts.get(key));
    }
    const gateMs = events.filter((event) => event.type === "gate_finished").reduce((sum, event) => sum + event.durationMs, 0);
    return { wallMs, integrated, turnMs: turns.reduce((a, b) => a + b, 0) / Math.max(1, turns.length), turns: turns.length, gateMs };
  } finally {
    rmSync(dirname(scenario.project), { recursive: true, force: true });
  }
}

const one = await timedRun(1);
const four = await timedRun(4);
const ratio = one.wallMs / four.wallMs;
console.log(`parallel: 4 independent requirements, scripted latency --pace ${PACE_MS} ms/chunk: --parallel 1 ${(one.wallMs / 1000).toFixed(2)} s, --parallel 4 ${(four.wallMs / 1000).toFixed(2)} s (${four.integrated}/4 integrated)`);
console.log(`parallel: model turns ${one.turns} at a mean ${(one.turnMs / 1000).toFixed(2)} s; time inside gates ${(one.gateMs / 1000).toFixed(1)} s at --parallel 1, ${(four.gateMs / 1000).toFixed(1)} s at --parallel 4 (integration gates included)`);
console.log(`parallel: speed-up ${ratio.toFixed(2)}x (target >= 3x) ${ratio >= 3 ? "met" : "NOT met"}`);
