// Orchestration overhead of the demo at --pace 0: wall time of a whole headless run minus the time spent
// inside test-command processes (the gate durations the run reports in its events).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(repo, "dist", "main.js");
const example = join(repo, "examples", "calculator");
const project = mkdtempSync(join(tmpdir(), "greenlight-bench-"));
try {
  cpSync(example, project, { recursive: true, filter: (source) => !source.includes("cassettes") });
  const plan = spawnSync(process.execPath, [main, "plan", join(project, "SPEC.md"), "--project", project], { encoding: "utf8" });
  if (plan.status !== 0) throw new Error(plan.stderr);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [main, "run", "--project", project, "--cassette", join(example, "cassettes", "demo.json"), "--pace", "0", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`demo run exited ${run.status}: ${run.stderr}`);
  const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  const gates = events.filter((event) => event.type === "gate_finished");
  const gateMs = gates.reduce((sum, event) => sum + event.durationMs, 0);
  // The cassette's agents also run the tests themselves (Bash npm test): that is test-command time too.
  const bashMs = events.filter((event) => event.type === "tool_finished" && event.tool === "Bash").reduce((sum, event) => sum + event.durationMs, 0);
  const overheadMs = wallMs - gateMs - bashMs;
  console.log(`orchestrator: demo wall time at --pace 0: ${(wallMs / 1000).toFixed(2)} s (${gates.length} gate runs, ${(gateMs / 1000).toFixed(2)} s inside gates, ${(bashMs / 1000).toFixed(2)} s in agents' Bash test runs)`);
  console.log(`orchestrator: demo overhead (wall minus test-command time): ${(overheadMs / 1000).toFixed(2)} s (target <= 1 s)`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
