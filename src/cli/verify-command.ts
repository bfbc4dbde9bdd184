import { mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../domain/config-error.js";
import { commandIsolation, createProcessRunner, scrubbedEnvironment } from "../process/index.js";
import { resolveRunConfig } from "../run/config.js";
import { requirementsJunit } from "../sinks/matrix-junit.js";
import { appendStepSummary, stepSummary } from "../sinks/step-summary.js";
import { defaultStateDir, openStateStore } from "../store/state-store.js";
import { runVerification } from "../verify/run-verification.js";
import type { RowVerification } from "../verify/verify-rows.js";
import { parseFlags } from "./parse-flags.js";
import { projectDirFrom } from "./project-dir.js";
import { UsageError, UserError } from "./usage-error.js";

const USAGE = `Usage: greenlight verify [--junit FILE] [--json] [--test-command CMD] [--project DIR] [--state DIR]

Re-proves the matrix on the code as it is now: runs the test command once (in the sandbox, with
structured reports, as a gate) and checks every approved requirement: its locked test files still have
the digests the gates recorded, and each of its locked tests passes by name (tests the baseline knew as
failing stay tolerated; nothing else is). Writes each row's verification to the state.

  --junit FILE  also write JUnit XML: one test case per requirement, its tests as properties
  --json        print the result as JSON
  --test-command CMD  the test command (default: greenlight.json's, else the one detected, as for run)

Exit codes: 0 every approved requirement holds; 1 one or more do not (each named with why: test file
changed, test failing, test missing); 2 usage or configuration errors, or the state folder is in use.`;

function textReport(command: string, summary: string, rows: readonly RowVerification[]): string {
  const lines = [`verify: ${command}: ${summary}`];
  for (const row of rows) lines.push(row.verification.holds ? `  ${row.id} holds` : `  ${row.id} does NOT hold: ${row.verification.reasons.join("; ")}`);
  const holding = rows.filter((row) => row.verification.holds).length;
  lines.push(rows.length === 0 ? "verify: no approved requirement to verify" : `verify: ${holding}/${rows.length} approved requirement(s) hold`);
  return lines.join("\n") + "\n";
}

export default async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { junit: { type: "string" }, json: { type: "boolean" }, "test-command": { type: "string" }, project: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, USAGE);
  if (values.junit === "") throw new UsageError("--junit needs a file name", USAGE);
  const projectDir = projectDirFrom(values.project);
  const stateDir = values.state ? resolve(values.state) : defaultStateDir(projectDir);
  if (!existsSync(stateDir)) throw new UserError(`no greenlight state in ${stateDir}: nothing was approved there to verify (or name the folder with --state)`);
  const config = resolveRunConfig(projectDir, values["test-command"] !== undefined ? { testCommand: values["test-command"] } : {});
  const isolation = await commandIsolation(config.sandbox.mode);
  if (isolation.refusal !== undefined) throw new ConfigError(isolation.refusal);
  const store = await openStateStore(stateDir, { write: true, onNotice: (message) => process.stderr.write(`greenlight: ${message}\n`) });
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const rows = store.snapshot().matrix.requirements;
    const run = await runVerification(rows, {
      runner: createProcessRunner({ sandbox: { ...config.sandbox, readOnly: [...config.sandbox.readOnly, stateDir] } }),
      projectDir,
      command: config.testCommand,
      env: scrubbedEnvironment(process.env),
      signal: abort.signal,
      ...(config.testReport !== undefined ? { testReport: config.testReport } : {}),
    });
    if (run.execution.aborted) throw new UserError("verify was interrupted before the test command finished: nothing was recorded", 130);
    const byId = new Map(run.rows.map((row) => [row.id, row.verification]));
    await store.update((draft) => {
      for (const row of draft.matrix.requirements) {
        const verification = byId.get(row.id);
        if (verification) row.verification = verification;
      }
    });
    const failing = run.rows.filter((row) => !row.verification.holds);
    const gate = run.execution.run;
    if (values.junit !== undefined) {
      const file = resolve(values.junit);
      const byRow = new Map(rows.map((row) => [row.id, row]));
      const cases = run.rows.map((row) => {
        const stored = byRow.get(row.id)!;
        return { id: row.id, title: row.title, status: stored.status, tests: stored.tests.names, files: stored.tests.files, ...(row.verification.holds ? {} : { failure: row.verification.reasons.join("; ") }) };
      });
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, requirementsJunit("greenlight verify", cases), "utf8");
    }
    const headline = `${run.rows.length - failing.length}/${run.rows.length} approved requirement(s) hold on the code as it is now (\`${gate.command}\`: ${gate.summary}).`;
    appendStepSummary(
      stepSummary(
        "greenlight verify",
        headline,
        run.rows.map((row) => ({
          id: row.id,
          title: row.title,
          status: row.verification.holds ? "holds" : "does not hold",
          tests: rows.find((stored) => stored.id === row.id)?.tests.names.length ?? 0,
          evidence: row.verification.evidence ?? "-",
          ...(row.verification.holds ? {} : { problem: row.verification.reasons.join("; ") }),
        })),
      ),
    );
    if (values.json) process.stdout.write(JSON.stringify({ holds: failing.length === 0, gate, requirements: run.rows }, null, 2) + "\n");
    else process.stdout.write(textReport(gate.command, gate.summary, run.rows));
    return failing.length === 0 ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
  }
}
