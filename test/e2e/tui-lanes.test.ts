import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";
import { expectLanesOnScreen, focusLane, settledScreen } from "../support/lanes-screen.js";
import { createParallelProject, type ParallelProject } from "../support/parallel-project.mjs";

const HARNESS = resolve(import.meta.dirname, "../fixtures/tui/harness.mjs");
const LANES = ["REQ-001", "REQ-002", "REQ-003", "REQ-004"];
const open: TestTerminal[] = [];

/** The workspace replaying lanes-run.mjs: four lanes, two backends at once, REQ-002 in the integration gate. */
function start(cols: number, rows: number): TestTerminal {
  const term = new TestTerminal(process.execPath, [HARNESS, "--script", "lanes"], { cols, rows });
  open.push(term);
  return term;
}

afterEach(() => {
  for (const term of open.splice(0)) term.kill("SIGKILL");
});

describe("the workspace of a parallel run, in a real terminal", () => {
  it("shows four lanes, the merge queue and the focused lane's panes at 160x50", async () => {
    const term = start(160, 50);
    const rows = await expectLanesOnScreen(term, LANES);
    expect(rows[0]).toMatch(/^> REQ-001 Add two numbers +implementing +backend +#1 +\d+ s +\$0\.030 +3\.2k tok$/);
    expect(rows[1]).toMatch(/^  REQ-002 Subtract safely +integration gate +- +#1 +\d+ s +\$0\.020 +2\.1k tok$/);
    expect(rows[2]).toMatch(/^  REQ-003 Multiply +implementing +backend +#2 /);
    expect(rows[3]).toMatch(/^  REQ-004 Divide by zero throws +in_review +reviewer +#1 /);
    expect(rows[4]).toMatch(/^merge queue: 1 REQ-002 integration gate/);
    const screen = rows.join("\n");
    expect(screen).toMatch(/1 qa REQ-001 \|/);
    expect(screen).toContain("backend REQ-001 line 5");
    expect(screen).not.toContain("REQ-003 line");
    const other = await focusLane(term, "REQ-003", LANES.length);
    expect(other).toContain("backend REQ-003 line 5");
    expect(other).toContain("qa REQ-003 step 3");
    expect(other).not.toContain("backend REQ-001 line");
    term.write("[");
    await term.waitFor(/^> REQ-002 /m);
    await term.waitFor(/2 backend REQ-002 \|/);
    const merged = (await settledScreen(term)).join("\n");
    expect(merged).toContain("qa REQ-002 step 3");
    expect(merged).not.toContain("backend REQ-003 line");
  });

  it("keeps every lane on one line and every pane on screen at 80x24", async () => {
    const term = start(80, 24);
    const rows = await expectLanesOnScreen(term, LANES);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    expect(rows[0]).toMatch(/^> REQ-001 .* implementing +backend +#1 +\d+ s +\$0\.030 +3\.2k tok$/);
    const screen = rows.join("\n");
    for (const title of ["1 qa REQ-001", "2 backend REQ-001", "3 reviewer REQ-001"]) expect(screen).toContain(title);
    expect(screen).toContain("backend REQ-001 line 5");
    term.write("2");
    await term.waitFor(/━ 2 backend REQ-001/);
    const focused = await focusLane(term, "REQ-004", LANES.length);
    expect(focused).toMatch(/━ 2 backend REQ-004/);
    expect(focused).toContain("reviewer REQ-004 reads the diff");
    term.write("?");
    await term.waitFor("previous / next lane");
    const help = (await settledScreen(term)).join("\n");
    expect(help).toContain("handoff menu of the focused agent");
  });
});

describe("a real greenlight run --parallel 4 in a terminal", () => {
  const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
  let scenario: ParallelProject | undefined;
  afterEach(async () => {
    if (scenario) await rm(dirname(scenario.project), { recursive: true, force: true });
    scenario = undefined;
  });

  for (const [cols, rows] of [
    [160, 50],
    [80, 24],
  ] as const) {
    it(`shows the four lanes while they work and ends with all four integrated, at ${cols}x${rows}`, { timeout: 180_000 }, async () => {
      scenario = await createParallelProject(LANES.map((id) => ({ id, kind: "own" as const })));
      const plan = spawnSync(process.execPath, [MAIN, "plan", join(scenario.project, "SPEC.md"), "--project", scenario.project], { encoding: "utf8" });
      expect(plan.status, plan.stderr).toBe(0);
      const term = new TestTerminal(process.execPath, [MAIN, "run", "--project", scenario.project, "--cassette", scenario.cassette, "--parallel", "4", "--pace", "200"], {
        cols,
        rows,
        env: { CI: "true", GREENLIGHT_WORKTREES: scenario.worktrees },
      });
      open.push(term);
      const screen = await expectLanesOnScreen(term, LANES);
      for (const row of screen) expect(row.length).toBeLessThanOrEqual(cols);
      await focusLane(term, "REQ-003", LANES.length);
      const done = await term.waitFor("done: approved", 150_000);
      expect(done).toContain("4/4 approved");
      term.write("q");
      expect(await term.exited).toBe(0);
      expect(scenario.git("worktree", "list").trim().split("\n")).toHaveLength(1);
      expect(scenario.git("log", "--format=%s", "main")).toMatch(/REQ-004: [\s\S]*REQ-00\d: [\s\S]*start/);
    });
  }
});
