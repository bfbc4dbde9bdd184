// The HTML report's size and generation time for 200 requirements with 2,000 locked tests (synthetic
// state and run log, each requirement with gate runs, output tails, reviews, sessions and a diff).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStateStore } from "../dist/store/state-store.js";
import { applyRequirements } from "../dist/store/apply-requirements.js";
import { openRunLog } from "../dist/store/run-log.js";
import { writeReport } from "../dist/report/write-report.js";

const REQUIREMENTS = 200;
const TESTS_EACH = 10;
const dir = mkdtempSync(join(tmpdir(), "gl-bench-report-"));
const id = (n) => `REQ-${String(n + 1).padStart(3, "0")}`;
const at = (seconds) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
const usage = { inputTokens: 12_000, outputTokens: 900, cacheCreationInputTokens: 0, cacheReadInputTokens: 8_000 };

function row(n) {
  const names = Array.from({ length: TESTS_EACH }, (_, t) => `requirement ${n + 1} case ${t + 1} behaves as specified`);
  const gate = (exitCode, seconds) => ({ command: "npm test", exitCode, at: at(seconds), durationMs: 1_800, summary: exitCode ? `${TESTS_EACH} new test(s) fail` : `${TESTS_EACH} passed by name (report)`, evidence: "report", passed: true });
  return {
    id: id(n),
    title: `Requirement number ${n + 1} with a title of ordinary length`,
    status: "approved",
    tests: { files: [`test/req-${n + 1}.test.js`], names, digests: { [`test/req-${n + 1}.test.js`]: "a".repeat(64) } },
    code: [`src/module-${n + 1}.js`, "src/shared.js"],
    gates: { red: gate(1, n * 60 + 10), green: gate(0, n * 60 + 40) },
    reviews: [
      { verdict: "request_changes", summary: "Edge cases are missing.", findings: ["No test for empty input", "Error message differs from the spec"], by: "reviewer", at: at(n * 60 + 45) },
      { verdict: "approve", summary: "Correct and covered.", findings: [], by: "reviewer", at: at(n * 60 + 55) },
    ],
    ledger: { passed: names, at: at(n * 60 + 40) },
    tamperAttempts: n % 10 === 0 ? 1 : 0,
    ...(n % 10 === 0 ? { tamperNotes: ["backend, refused at the tool: a locked test file"] } : {}),
    ...(n % 25 === 0 ? { knownFailures: [{ test: "legacy > flaky clock", since: at(0) }] } : {}),
  };
}

function diff(n) {
  const lines = Array.from({ length: 40 }, (_, line) => `+  const value${line} = compute(${line}, input); // requirement ${n + 1}`);
  return `diff --git a/src/module-${n + 1}.js b/src/module-${n + 1}.js\nnew file mode 100644\n--- /dev/null\n+++ b/src/module-${n + 1}.js\n@@ -0,0 +1,40 @@\n${lines.join("\n")}\n`;
}

try {
  const stateDir = join(dir, "state");
  const store = await openStateStore(stateDir, { write: true });
  const requirements = Array.from({ length: REQUIREMENTS }, (_, n) => ({ id: id(n), title: row(n).title, description: `The system shall do thing ${n + 1}.`, source: { file: "SPEC.md", line: n * 3 + 1 } }));
  await store.update((draft) => {
    applyRequirements(draft, requirements, at(0));
    draft.matrix.requirements = Array.from({ length: REQUIREMENTS }, (_, n) => row(n));
  });
  await store.close();
  const log = openRunLog(stateDir, "run-bench");
  let seq = 0;
  const emit = (requirement, seconds, body) => log.append({ v: 1, seq: seq++, at: at(seconds), runId: "run-bench", requirement, ...body });
  const tail = Array.from({ length: 40 }, (_, line) => `ok ${line + 1} - a test line of ordinary output`).join("\n");
  for (let n = 0; n < REQUIREMENTS; n++) {
    const base = n * 60;
    for (const [offset, agent] of [[0, "qa"], [15, "backend"], [42, "reviewer"]]) {
      emit(id(n), base + offset, { type: "session_started", agent, model: "claude-sonnet-4-5", prompt: "work" });
      emit(id(n), base + offset + 8, { type: "session_finished", agent, result: { reason: "completed", turns: 6, usage, costUsd: 0.05, durationMs: 8_000, finalText: "done" } });
    }
    for (const [seconds, gate, exitCode] of [[10, "red", 1], [40, "green", 0]]) {
      emit(id(n), base + seconds - 2, { type: "gate_started", requirement: id(n), gate, command: "npm test" });
      emit(id(n), base + seconds, { type: "gate_finished", requirement: id(n), gate, command: "npm test", passed: true, exitCode, durationMs: 1_800, summary: "ok", evidence: "report", outputTail: tail });
    }
  }
  await log.close();
  const diffs = new Map(Array.from({ length: REQUIREMENTS }, (_, n) => [id(n), diff(n)]));
  const out = join(dir, "report.html");
  const times = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await writeReport({ stateDir, project: dir, out, diffs });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const bytes = statSync(out).size;
  console.log(`report: ${REQUIREMENTS} requirements, ${REQUIREMENTS * TESTS_EACH} tests: ${(bytes / 1024 / 1024).toFixed(2)} MB (target < 5 MB)`);
  console.log(`report: generation (read state and run log, render, write): median ${times[2].toFixed(0)} ms, first ${Math.max(...times).toFixed(0)} ms (target < 2000 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
