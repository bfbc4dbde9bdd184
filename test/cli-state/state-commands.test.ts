import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultStateDir, openStateStore } from "../../src/store/state-store.js";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const WRITER = resolve(import.meta.dirname, "../store/fixtures/store-writer.mjs");
let project: string;
beforeEach(() => (project = mkdtempSync(join(tmpdir(), "gl-cli-"))));
afterEach(() => rmSync(project, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { cwd: project, encoding: "utf8", env: { ...process.env, CI: "true" } });

describe("plan, tasks, matrix", () => {
  it("imports a spec, re-plans idempotently, and shows tasks and the matrix in every format", () => {
    writeFileSync(join(project, "SPEC.md"), "## REQ-001: Add\nsum\n\n- REQ-002 — Sub, with | pipe\n");
    const plan = cli("plan", "SPEC.md", "--project", project);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/added +REQ-001 +Add/);
    expect(plan.stdout).toContain("2 added, 0 updated");
    expect(cli("plan", "SPEC.md").stdout).toContain("2 unchanged");

    const tasks = JSON.parse(cli("tasks", "--json").stdout) as { requirements: { source: { file: string } }[]; tasks: { id: string }[] };
    expect(tasks.tasks.map((t) => t.id)).toEqual(["T-REQ-001", "T-REQ-002"]);
    expect(tasks.requirements[0]!.source.file).toBe("SPEC.md");
    expect(cli("tasks").stdout).toMatch(/T-REQ-002 +REQ-002 +pending/);

    const json = JSON.parse(cli("matrix", "--format", "json").stdout) as { requirements: { id: string }[] };
    expect(json.requirements.map((r) => r.id)).toEqual(["REQ-001", "REQ-002"]);
    const md = cli("matrix", "--format", "md").stdout;
    expect(md).toContain("| ID | TITLE | TESTS | CODE | RED | GREEN | REVIEW | STATUS |");
    expect(md).toContain("Sub, with \\| pipe");
    expect(md).toContain("Coverage: 0/2 have tests, 0/2 pass, 0/2 approved");
    expect(cli("matrix").stdout).toMatch(/REQ-001 +Add/);
    expect(cli("matrix", "--format", "csv").stdout).toContain('REQ-002,"Sub, with | pipe",pending');
    expect(cli("matrix", "--format", "xml").status).toBe(2);
  });

  it("shows where each gate's per-test results came from, exit code only never like a report", async () => {
    writeFileSync(join(project, "SPEC.md"), "## REQ-001: Add\n\n## REQ-002: Sub\n\n## REQ-003: Mul\n");
    expect(cli("plan", "SPEC.md").status).toBe(0);
    const store = await openStateStore(defaultStateDir(project), { write: true });
    const gate = (evidence?: "report" | "exit-code") => ({ command: "npm test", exitCode: 0, at: "2026-12-02T09:00:00.000Z", durationMs: 5, summary: "", ...(evidence ? { evidence } : {}) });
    await store.update((draft) => {
      const [first, second, third] = draft.matrix.requirements;
      first!.gates.green = gate("report");
      second!.gates.green = gate("exit-code");
      // Recorded before greenlight kept evidence: shown as the exit code alone, as before.
      third!.gates.green = gate();
    });
    await store.close();
    const md = cli("matrix", "--format", "md").stdout;
    expect(md).toMatch(/\| REQ-001 \| Add \|.*\| exit 0 \(report\) \|/);
    expect(md).toMatch(/\| REQ-002 \| Sub \|.*\| exit 0 \(exit code only: no test named\) \|/);
    expect(md).toMatch(/\| REQ-003 \| Mul \|.*\| exit 0 \|/);
    expect(md).toContain("3/3 pass (1 by exit code only)");
    expect(cli("matrix", "--format", "csv").stdout.split("\r\n")[2]).toMatch(/,exit-code,0,,,,$/);
  });

  it("gives clear errors for a missing spec, no ids and duplicate ids", () => {
    const missing = cli("plan", "NOPE.md");
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("spec file not found")]);
    writeFileSync(join(project, "EMPTY.md"), "# nothing\n");
    expect(cli("plan", "EMPTY.md").stderr).toContain("EMPTY.md: no requirement ids found");
    writeFileSync(join(project, "DUP.md"), "## FR-1: a\n## FR-1: b\n");
    const dup = cli("plan", "DUP.md");
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain("DUP.md:2: duplicate requirement id FR-1 (first at line 1)");
    expect(dup.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses plan while another process holds the lock, while tasks and matrix still read", async () => {
    writeFileSync(join(project, "SPEC.md"), "## REQ-001: Add\n");
    expect(cli("plan", "SPEC.md").status).toBe(0);
    const holder = spawn(process.execPath, [WRITER, join(project, ".greenlight", "state")], { stdio: ["ignore", "pipe", "ignore"] });
    await new Promise<void>((ready) => holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && ready()));
    try {
      const blocked = cli("plan", "SPEC.md");
      expect(blocked.status).toBe(2);
      expect(blocked.stderr).toContain(`pid ${holder.pid}`);
      expect(cli("tasks").status).toBe(0);
      expect(cli("matrix", "--format", "md").status).toBe(0);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((done) => holder.on("exit", done));
    }
    expect(cli("plan", "SPEC.md").status).toBe(0);
  });
});
