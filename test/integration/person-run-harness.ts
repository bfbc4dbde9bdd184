import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cassette, CassetteTurn } from "../../src/domain/cassette.js";
import type { RunEvent } from "../../src/domain/events.js";
import type { Requirement } from "../../src/domain/requirement.js";
import { resolveRunConfig } from "../../src/run/config.js";
import { RunController, type RunEngine } from "../../src/person/run-controller.js";
import { startRun, type FinishedRun } from "../../src/run/start-run.js";
import { parseSpec } from "../../src/plan/import-spec.js";
import { applyRequirements } from "../../src/store/apply-requirements.js";
import { defaultStateDir, openStateStore } from "../../src/store/state-store.js";

/**
 * A real one-requirement project in a temp folder, run through startRun with a person's RunController
 * (as the TUI would hold it), the scripted provider and real `node --test` gates.
 */

const SPEC = "# Calc\n\n## REQ-001: Add two numbers\n`add(a, b)` returns the sum of two numbers.\n";
export const ADD_TEST = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport * as calc from "../src/calc.js";\n\ntest("add returns the sum", () => {\n  assert.equal(calc.add(2, 3), 5);\n});\n';
export const addCode = (operator: string) => `export function add(a, b) {\n  return a ${operator} b;\n}\n`;

let counter = 0;
const tool = (name: string, input: Record<string, unknown>): CassetteTurn => ({ content: [{ type: "tool_use", id: `toolu_${++counter}`, name, input }] });
export const say = (text: string): CassetteTurn => ({ content: [{ type: "text", text }] });
export const write = (file: string, content: string) => tool("Write", { file_path: file, content });
export const ask = (question: string) => tool("AskHuman", { question });
export const verdict = (given: "approve" | "request_changes", summary: string) => tool("ReviewVerdict", { verdict: given, summary, findings: [] });

export interface PersonRun {
  finished: FinishedRun;
  events: RunEvent[];
  engine: RunEngine | undefined;
  project: string;
}

export async function withProject<T>(body: (project: string) => Promise<T>): Promise<T> {
  const project = await mkdtemp(join(tmpdir(), "greenlight-person-"));
  try {
    return await body(project);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

export async function runWithPerson(
  project: string,
  options: {
    cassette: Cassette["scripts"];
    approveEach?: boolean;
    maxAttempts?: Record<string, number>;
    /** More greenlight.json keys ("parallel": 2). */
    config?: Record<string, unknown>;
    paceMs?: number;
    prepare?: (project: string) => void;
    /** Changes the requirements planned from the spec before the run (a spec format's criteria or clarifications). */
    requirements?: (planned: Requirement[]) => Requirement[];
    react: (event: RunEvent, controller: RunController) => void;
  },
): Promise<PersonRun> {
  await mkdir(join(project, "src"), { recursive: true });
  await mkdir(join(project, "test"), { recursive: true });
  await writeFile(join(project, "src/calc.js"), "export const version = 1;\n");
  await writeFile(join(project, "SPEC.md"), SPEC);
  await writeFile(join(project, "greenlight.json"), JSON.stringify({ testCommand: "node --test", ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}), ...options.config }));
  options.prepare?.(project);
  const cassetteFile = join(project, "..", `${project.split("/").at(-1)}.cassette.json`);
  await writeFile(cassetteFile, JSON.stringify({ version: 1, scripts: options.cassette }));
  const stateDir = defaultStateDir(project);
  const store = await openStateStore(stateDir, { write: true });
  await store.update((draft) => {
    const planned = parseSpec(SPEC, "SPEC.md").requirements;
    applyRequirements(draft, options.requirements ? options.requirements(planned) : planned, new Date().toISOString());
  });
  await store.close();
  const abort = new AbortController();
  const events: RunEvent[] = [];
  let controller: RunController | undefined;
  let engine: RunEngine | undefined;
  try {
    const finished = await startRun({
      projectDir: project,
      stateDir,
      config: resolveRunConfig(project, {}),
      cassette: cassetteFile,
      paceMs: options.paceMs ?? 0,
      signal: abort.signal,
      beforeStage: () => controller!.waitWhilePaused(),
      attach: (bus) => {
        controller = new RunController(bus, abort);
        bus.subscribe((event) => {
          events.push(event);
          options.react(event, controller!);
        });
      },
      person: {
        approveEach: options.approveEach ?? false,
        connect: (connected) => {
          if (connected) engine = connected;
          controller!.connect(connected);
        },
      },
    });
    return { finished, events, engine, project };
  } finally {
    await rm(cassetteFile, { force: true });
  }
}

export const readProjectFile = (project: string, file: string) => readFile(join(project, file), "utf8");
