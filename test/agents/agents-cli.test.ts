import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempProject } from "./temp-project.js";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const run = promisify(execFile);

async function greenlight(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const GOOD = "---\nname: helper\ndescription: helps\ntools: Read, Grep\nmodel: haiku\nhandoffs:\n  - {label: Test, agent: qa}\n---\nHelp.\n";
const BROKEN = "---\nname: [not, text]\ndescription: x\n---\nbody\n";

describe("greenlight agents (built CLI)", { timeout: 120_000 }, () => {
  it("lists builtin and project agents, as text and as JSON", async () => {
    const project = await tempProject({ ".claude/agents/helper.md": GOOD });
    try {
      const text = await greenlight(["agents", "list", "--project", project.dir], "/");
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^helper\n {2}file .*helper\.md \(claude-code\)\n {2}tools read,search {2}model claude-haiku-\S+ {2}handoffs qa$/m);
      const json = await greenlight(["agents", "--json"], project.dir);
      expect(json.code).toBe(0);
      const rows = JSON.parse(json.stdout) as { name: string; file: string; dialect: string; model: string; handoffs: { resolvedAgent?: string }[] }[];
      expect(rows.map((row) => row.name)).toEqual(["backend", "planner", "qa", "reviewer", "helper"]);
      expect(rows[4]).toMatchObject({ file: join(".claude", "agents", "helper.md"), dialect: "claude-code", handoffs: [{ resolvedAgent: "qa" }] });
    } finally {
      await project.cleanup();
    }
  });

  it("shows one agent, and exits 1 without a stack trace for an unknown one", async () => {
    const shown = await greenlight(["agents", "show", "reviewer"], "/");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^name: reviewer\n/);
    expect(shown.stdout).toContain("ReviewVerdict");
    const project = await tempProject({ ".claude/agents/helper.md": GOOD.replace("tools: Read, Grep", "tools: Read, Grep, WebFetch, Task, TodoWrite") });
    try {
      const helper = await greenlight(["agents", "show", "helper", "--project", project.dir], "/");
      expect(helper.stdout).toMatch(/^offered: Read, Grep, WebFetch, Task, TodoWrite \(Task only where it may start subagents: not in a subagent\)$/m);
    } finally {
      await project.cleanup();
    }
    const missing = await greenlight(["agents", "show", "nobody"], "/");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^greenlight: no agent named 'nobody'; known agents: backend, planner, qa, reviewer\n$/);
  });

  it("lint: exit 0 for valid files, 1 when any file has errors, with the JSON shape of the contract", async () => {
    const project = await tempProject({ "good/helper.md": GOOD, "mixed/helper.md": GOOD, "mixed/broken.md": BROKEN });
    try {
      const good = await greenlight(["agents", "lint", "good", "--json"], project.dir);
      expect(good.code).toBe(0);
      const mixed = await greenlight(["agents", "lint", "mixed", "--json"], project.dir);
      expect(mixed.code).toBe(1);
      const rows = JSON.parse(mixed.stdout) as Record<string, unknown>[];
      expect(rows).toHaveLength(2);
      const broken = rows.find((row) => String(row["file"]).endsWith("broken.md"))!;
      expect(broken).toEqual({ file: join("mixed", "broken.md"), ok: false, dialect: "claude-code", agent: null, warnings: [], errors: [{ message: expect.stringMatching(/^name: expected/), line: 2 }] });
      const helper = rows.find((row) => String(row["file"]).endsWith("helper.md"))!;
      expect(Object.keys(helper["agent"] as object)).toEqual(["name", "description", "tools", "model", "handoffs"]);
      const text = await greenlight(["agents", "lint", "mixed/broken.md"], project.dir);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`${join("mixed", "broken.md")}:2: error: name: expected`);
      expect(text.stdout + text.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await project.cleanup();
    }
  });

  it("usage mistakes exit 2 with usage on stderr; --help exits 0", async () => {
    for (const args of [["agents", "--bogus"], ["agents", "frobnicate"], ["agents", "show"]]) {
      const result = await greenlight(args, "/");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Usage:\n {2}greenlight agents/);
    }
    for (const args of [["agents", "--help"], ["agents", "lint", "--help"]]) {
      const help = await greenlight(args, "/");
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/greenlight agents lint \[PATH\.\.\.\] \[--json\]/);
    }
  });
});
