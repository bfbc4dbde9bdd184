import { spawnSync } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Cassette, CassetteTurn } from "../../src/domain/cassette.js";
import type { RunEvent, RunEventOf } from "../../src/domain/events.js";
import { parseTestResults } from "../../src/gates/test-results.js";
import { parseSpec } from "../../src/plan/import-spec.js";
import { resolveRunConfig } from "../../src/run/config.js";
import { startRun, type FinishedRun } from "../../src/run/start-run.js";
import { formatHeadlessLine } from "../../src/sinks/headless-line.js";
import { readRunLog } from "../../src/store/run-log.js";
import { applyRequirements } from "../../src/store/apply-requirements.js";
import { defaultStateDir, openStateStore } from "../../src/store/state-store.js";

/**
 * A backend that games the gates, through the real pipeline: a small project in a temp folder, the
 * scripted provider replaying the cassette, real tools (Write, Bash) and real test runs. After the run,
 * the project's original harness and QA's tests are put back and the test command run once more: every
 * approved row's tests must pass by name there, or the matrix lied.
 */

let counter = 0;
const tool = (name: string, input: Record<string, unknown>): CassetteTurn => ({ content: [{ type: "tool_use", id: `toolu_cheat_${++counter}`, name, input }] });
export const say = (text: string): CassetteTurn => ({ content: [{ type: "text", text }] });
export const write = (file: string, content: string) => tool("Write", { file_path: file, content });
export const bash = (command: string) => tool("Bash", { command });
export const approve = [tool("ReviewVerdict", { verdict: "approve", summary: "does the work", findings: [] }), say("Approved.")];

/** A Bash command that writes a file's exact text (how an agent restores what it deleted). */
export const bashWrite = (file: string, content: string) => bash(`node -e 'require("fs").writeFileSync(${JSON.stringify(file)}, ${JSON.stringify(content).replace(/'/g, "\\u0027")})'`);

export interface CheatRun {
  project: string;
  finished: FinishedRun;
  events: RunEvent[];
  /** The headless log as a person reads it. */
  lines: string[];
  tamper: Array<RunEventOf<"tamper_refused">>;
  /** The run log (JSONL) as written to the state folder. */
  logged: RunEvent[];
  reviewerPrompts: string[];
}

export async function runCheat(options: { files: Record<string, string>; spec: string; cassette: Cassette["scripts"]; link?: Record<string, string>; git?: boolean }): Promise<CheatRun> {
  const project = await mkdtemp(join(tmpdir(), "greenlight-cheat-"));
  for (const [name, target] of Object.entries(options.link ?? {})) await symlink(target, join(project, name));
  for (const [file, text] of Object.entries(options.files)) {
    await mkdir(dirname(join(project, file)), { recursive: true });
    await writeFile(join(project, file), text);
  }
  if (options.git) {
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: project, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "start");
  }
  const cassetteFile = `${project}.cassette.json`;
  await writeFile(cassetteFile, JSON.stringify({ version: 1, scripts: options.cassette }));
  const stateDir = defaultStateDir(project);
  const store = await openStateStore(stateDir, { write: true });
  await store.update((draft) => {
    applyRequirements(draft, parseSpec(options.spec, "SPEC.md").requirements, new Date().toISOString());
  });
  await store.close();
  const events: RunEvent[] = [];
  try {
    const finished = await startRun({
      projectDir: project,
      stateDir,
      config: resolveRunConfig(project, {}),
      cassette: cassetteFile,
      paceMs: 0,
      signal: new AbortController().signal,
      attach: (bus) => bus.subscribe((event) => events.push(event)),
    });
    const lines = events.flatMap((event) => formatHeadlessLine(event) ?? []);
    const tamper = events.filter((event): event is RunEventOf<"tamper_refused"> => event.type === "tamper_refused");
    const reviewerPrompts = events.flatMap((event) => (event.type === "session_started" && event.agent === "reviewer" ? [event.prompt] : []));
    return { project, finished, events, lines, tamper, logged: readRunLog(finished.runLogPath), reviewerPrompts };
  } finally {
    await rm(cassetteFile, { force: true });
  }
}

export async function removeProject(run: { project: string } | undefined): Promise<void> {
  if (run) await rm(run.project, { recursive: true, force: true });
}

export interface OriginalProject {
  /** The harness files as the project had them. */
  harness: Record<string, string>;
  /** Files the backend may have added to the harness. */
  remove?: string[];
  testCommand: string;
  /** Per requirement, QA's test files and the names of the tests in them. */
  tests: Record<string, { files: Record<string, string>; names: string[] }>;
}

/**
 * Puts the original harness and the approved rows' tests (as QA wrote them) back, removes what the backend
 * added to the harness, runs the test command, and returns, per approved row, its tests that did not pass by name.
 */
export async function approvedButNotPassing(run: CheatRun, original: OriginalProject): Promise<Record<string, string[]>> {
  const approved = run.finished.rows.filter((row) => row.status === "approved").map((row) => row.id);
  const files = { ...original.harness, ...Object.assign({}, ...approved.map((id) => original.tests[id]?.files ?? {})) } as Record<string, string>;
  for (const [file, text] of Object.entries(files)) await writeFile(join(run.project, file), text);
  for (const file of original.remove ?? []) await unlink(join(run.project, file)).catch(() => undefined);
  const result = spawnSync("/bin/sh", ["-c", original.testCommand], { cwd: run.project, encoding: "utf8", timeout: 60_000 });
  const passed = new Set(parseTestResults(`${result.stdout}\n${result.stderr}`).tests.filter((test) => test.passed).map((test) => test.name));
  return Object.fromEntries(
    approved.map((id) => [id, (original.tests[id]?.names ?? []).filter((name) => !passed.has(name))] as const).filter(([, failing]) => failing.length > 0),
  );
}
