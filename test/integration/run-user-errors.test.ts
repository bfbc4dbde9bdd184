import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const CLI = resolve(import.meta.dirname, "../../dist/main.js");
let project: string;

function run(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ANTHROPIC_")));
  return spawnSync(process.execPath, [CLI, ...args], { cwd: project, env, encoding: "utf8", timeout: 30_000 });
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "gl-run-errors-"));
  writeFileSync(join(project, "SPEC.md"), "## REQ-001: Add\nadd(a, b) returns the sum.\n");
  writeFileSync(join(project, "package.json"), JSON.stringify({ scripts: { test: "node --test" } }));
  expect(run(["plan", "SPEC.md"]).status).toBe(0);
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe("greenlight run: the user's mistakes", () => {
  it("asks for a plan first when the state has no requirements, exit 2", () => {
    rmSync(join(project, ".greenlight"), { recursive: true, force: true });
    const result = run(["run", "--headless", "--test-command", "true"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no requirements.*greenlight plan SPEC\.md/);
  });

  it("says which variable to set when there is no API key and no cassette, exit 2, no stack trace", () => {
    const result = run(["run", "--headless"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/ANTHROPIC_API_KEY/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the cassette file and the line for a broken cassette, exit 2, no stack trace", () => {
    writeFileSync(join(project, "broken.json"), "{ not json");
    const result = run(["run", "--headless", "--cassette", "broken.json"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.json: line 1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("says who holds a busy state folder and what to do, exit 2, no stack trace", () => {
    const holder = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      const since = new Date().toISOString();
      writeFileSync(join(project, ".greenlight", "state", "lock"), JSON.stringify({ pid: holder.pid, host: hostname(), startedAt: since }));
      const result = run(["run", "--headless", "--test-command", "true"]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `greenlight: the state folder ${join(project, ".greenlight", "state")} is in use by another greenlight (pid ${holder.pid}, since ${since}); wait for it to finish or stop it, or use another --state folder (read-only commands like 'greenlight tasks' still work)\n`,
      );
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("names a --project folder that does not exist, or is a file, for every command that takes one", () => {
    for (const command of [["run"], ["agents"], ["tasks"], ["matrix"], ["plan", "SPEC.md"]]) {
      const missing = run([...command, "--project", join(project, "missing")]);
      expect(missing.status, command.join(" ")).toBe(2);
      expect(missing.stderr, command.join(" ")).toBe(`greenlight: project folder not found: ${join(project, "missing")}\n`);
    }
    const file = run(["agent", "qa", "--prompt", "hi", "--project", join(project, "SPEC.md")]);
    expect(file.status).toBe(2);
    expect(file.stderr).toBe(`greenlight: --project must name a folder: ${join(project, "SPEC.md")} is a file\n`);
  });
});

describe("read-only views of an empty state", () => {
  it("keep stdout for the (empty) export and say on stderr how to import requirements", () => {
    rmSync(join(project, ".greenlight"), { recursive: true, force: true });
    for (const args of [["tasks"], ["matrix", "--format", "csv"]]) {
      const result = run(args);
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/no requirements in .* yet: import a spec with `greenlight plan SPEC\.md`/);
    }
    expect(run(["matrix", "--format", "csv"]).stdout.trim().split("\n")).toHaveLength(1);
  });
});
