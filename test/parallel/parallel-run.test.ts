import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createParallelProject, type ParallelProject, type ScenarioRequirement } from "../support/parallel-project.mjs";

/**
 * `greenlight run --parallel N` through the built CLI on real git repositories: requirements in their
 * own worktrees, the scripted provider, real `node --test` gates, the merge queue moving the person's branch.
 */

const REPO = resolve(import.meta.dirname, "../..");
const MAIN = join(REPO, "dist/main.js");

let scenario: ParallelProject | undefined;
afterEach(async () => {
  if (scenario) await rm(dirname(scenario.project), { recursive: true, force: true });
  scenario = undefined;
});

interface Event {
  type: string;
  requirement?: string;
  seq: number;
  [key: string]: unknown;
}

function env(project: ParallelProject) {
  return { ...process.env, CI: "true", GREENLIGHT_WORKTREES: project.worktrees };
}

async function prepare(requirements: ScenarioRequirement[], options: { dependency?: boolean } = {}): Promise<ParallelProject> {
  scenario = await createParallelProject(requirements, options);
  const plan = spawnSync(process.execPath, [MAIN, "plan", join(scenario.project, "SPEC.md"), "--project", scenario.project], { encoding: "utf8" });
  expect(plan.status, plan.stderr).toBe(0);
  return scenario;
}

function run(project: ParallelProject, parallel: number, extra: string[] = []) {
  const result = spawnSync(process.execPath, [MAIN, "run", "--project", project.project, "--cassette", project.cassette, "--parallel", String(parallel), "--json", ...extra], {
    encoding: "utf8",
    env: env(project),
    timeout: 240_000,
  });
  const events = result.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Event);
  return { ...result, events };
}

/** Runs to the end, calling `onEvent` with each event as it comes (the person acting during the run). */
async function runWatching(project: ParallelProject, parallel: number, onEvent: (event: Event) => void): Promise<{ status: number | null; events: Event[] }> {
  const child = spawn(process.execPath, [MAIN, "run", "--project", project.project, "--cassette", project.cassette, "--parallel", String(parallel), "--json", "--pace", "2"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: env(project),
  });
  const events: Event[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines.filter((candidate) => candidate.startsWith("{"))) {
      const event = JSON.parse(line) as Event;
      events.push(event);
      onEvent(event);
    }
  });
  const status = await new Promise<number | null>((settle) => child.on("close", settle));
  return { status, events };
}

/** Starts a run and SIGKILLs it once an event matches; its scratch folders go with the TMPDIR it got from the test. */
async function killWhen(project: ParallelProject, parallel: number, when: (event: Event) => boolean): Promise<Event[]> {
  const scratch = mkdtempSync(join(tmpdir(), "greenlight-killed-"));
  const child = spawn(process.execPath, [MAIN, "run", "--project", project.project, "--cassette", project.cassette, "--parallel", String(parallel), "--json", "--pace", "2"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env(project), TMPDIR: scratch },
  });
  const seen: Event[] = [];
  let buffer = "";
  await new Promise<void>((done) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const event = JSON.parse(line) as Event;
        seen.push(event);
        if (when(event) && child.exitCode === null) {
          child.kill("SIGKILL");
          done();
        }
      }
    });
    child.on("exit", () => done());
  });
  await new Promise((settle) => child.on("close", settle));
  rmSync(scratch, { recursive: true, force: true });
  expect(child.signalCode, "the run ended before the moment to kill it").toBe("SIGKILL");
  return seen;
}

interface SavedRow {
  id: string;
  status: string;
  integration?: { state: string; commit?: string; branch: string; attempts: number; into?: string };
}

async function rows(project: ParallelProject): Promise<SavedRow[]> {
  return (JSON.parse(await readFile(join(project.project, ".greenlight/state/traceability_matrix.json"), "utf8")) as { requirements: SavedRow[] }).requirements;
}

/** Every requirement integrated, one commit each on main, the suite passing in the person's checkout, no worktree or branch left. */
async function expectAllIntegrated(project: ParallelProject, ids: string[]) {
  const saved = await rows(project);
  for (const id of ids) {
    const row = saved.find((candidate) => candidate.id === id)!;
    expect(row.status, id).toBe("approved");
    expect(row.integration?.state, id).toBe("integrated");
    expect(project.git("branch", "--contains", row.integration!.commit!)).toContain("main");
    expect(project.git("log", "-1", "--format=%B", row.integration!.commit!)).toMatch(new RegExp(`^${id}: [\\s\\S]*Integration gate: exit 0`));
  }
  const subjects = project.git("log", "--format=%s", "main").trim().split("\n");
  expect(subjects.filter((subject) => /^REQ-\d+: /.test(subject)).sort()).toEqual(ids.map((id) => expect.stringMatching(new RegExp(`^${id}: `))));
  expect(project.git("status", "--porcelain", "--untracked-files=no").trim()).toBe("");
  const suite = spawnSync("node", ["--test"], { cwd: project.project, encoding: "utf8" });
  expect(suite.status, suite.stdout + suite.stderr).toBe(0);
  expect(suite.stdout).toMatch(new RegExp(`# pass ${ids.length}\\b`));
  expect(project.git("worktree", "list").trim().split("\n")).toHaveLength(1);
  expect(project.git("branch", "--list", "greenlight/*").trim()).toBe("");
}

const FOUR: ScenarioRequirement[] = ["REQ-001", "REQ-002", "REQ-003", "REQ-004"].map((id) => ({ id, kind: "own" }));

describe("greenlight run --parallel", { timeout: 300_000 }, () => {
  it("works on four independent requirements at once, each in its own worktree outside the project (node_modules linked), and integrates them all", async () => {
    const project = await prepare(FOUR, { dependency: true });
    const result = run(project, 4);
    expect(result.status, result.stderr).toBe(0);
    const lanes = result.events.filter((event) => event.type === "lane_started");
    expect(lanes.map((event) => event.requirement).sort()).toEqual(["REQ-001", "REQ-002", "REQ-003", "REQ-004"]);
    for (const lane of lanes) expect(String(lane.worktree).startsWith(project.worktrees)).toBe(true);
    // All four lanes were at work before the first one integrated.
    const firstIntegrated = result.events.find((event) => event.type === "integration_finished")!.seq;
    expect(lanes.every((lane) => lane.seq < firstIntegrated)).toBe(true);
    // Each stage left a commit naming the requirement, the stage and its agent on the branch (kept in the integrated commit's story).
    const stageCommits = result.events.filter((event) => event.type === "integration_finished" && event.outcome === "integrated");
    expect(stageCommits).toHaveLength(4);
    await expectAllIntegrated(project, ["REQ-001", "REQ-002", "REQ-003", "REQ-004"]);
    const saved = await rows(project);
    expect(saved.every((row) => row.integration?.branch === `greenlight/${row.id}` && row.integration.into === "main")).toBe(true);
    // The linked dependency folder was never committed.
    expect(project.git("ls-tree", "-r", "--name-only", "main")).not.toMatch(/node_modules/);
  });

  it("sends the second of two requirements that edit the same lines back with the conflict, then integrates it", async () => {
    const project = await prepare([
      { id: "REQ-001", kind: "shared" },
      { id: "REQ-002", kind: "shared" },
    ]);
    const result = run(project, 2);
    expect(result.status, result.stderr).toBe(0);
    const conflicts = result.events.filter((event) => event.type === "integration_finished" && event.outcome === "conflict");
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.files).toEqual(["src/shared.js"]);
    const sentBack = conflicts[0]!.requirement!;
    const after = result.events.filter((event) => event.requirement === sentBack && event.seq > conflicts[0]!.seq);
    expect(after.find((event) => event.type === "session_started")?.agent).toBe("backend");
    expect(after.some((event) => event.type === "gate_finished" && event.gate === "green" && event.passed === true)).toBe(true);
    expect(after.some((event) => event.type === "verdict")).toBe(true);
    await expectAllIntegrated(project, ["REQ-001", "REQ-002"]);
    const shared = await readFile(join(project.project, "src/shared.js"), "utf8");
    expect(shared).toContain("export function r1()");
    expect(shared).toContain("export function r2()");
    expect(shared).not.toMatch(/<<<<<<<|>>>>>>>/);
  });

  it("starts a requirement that depends on another only after that one is integrated", async () => {
    const project = await prepare([
      { id: "REQ-001", kind: "own" },
      { id: "REQ-002", kind: "own", dependsOn: ["REQ-001"] },
      { id: "REQ-003", kind: "own" },
    ]);
    const result = run(project, 3);
    expect(result.status, result.stderr).toBe(0);
    const integrated = result.events.find((event) => event.type === "integration_finished" && event.requirement === "REQ-001" && event.outcome === "integrated")!;
    const dependent = result.events.find((event) => event.type === "lane_started" && event.requirement === "REQ-002")!;
    expect(dependent.seq).toBeGreaterThan(integrated.seq);
    await expectAllIntegrated(project, ["REQ-001", "REQ-002", "REQ-003"]);
    // A worktree a crash left behind after its requirement was recorded integrated goes at the next run.
    project.git("worktree", "add", "-q", "-b", "greenlight/REQ-001", join(project.worktrees, "left-behind"), "main");
    // And a branch alone (killed between removing the worktree and deleting the branch), at the integrated commit.
    const rowsNow = await rows(project);
    project.git("branch", "greenlight/REQ-002", rowsNow.find((row) => row.id === "REQ-002")!.integration!.commit!);
    // A branch that holds more than was integrated is never deleted.
    project.git("branch", "greenlight/REQ-003", "HEAD~3");
    expect(run(project, 3).status).toBe(0);
    expect(project.git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(project.git("branch", "--list", "greenlight/*").trim()).toBe("greenlight/REQ-003");
  });

  it("takes in what the person commits on their branch while the lanes work, and keeps it", async () => {
    const project = await prepare(FOUR.slice(0, 2));
    let committed = false;
    const result = await runWatching(project, 2, (event) => {
      if (committed || event.type !== "lane_started") return;
      committed = true;
      execFileSync("sh", ["-c", "printf 'notes\n' > NOTES.md && git add NOTES.md && git -c user.name=p -c user.email=p@e commit -q -m 'the person writes notes'"], { cwd: project.project });
    });
    expect(result.status).toBe(0);
    await expectAllIntegrated(project, ["REQ-001", "REQ-002"]);
    expect(project.git("log", "--format=%s", "main")).toContain("the person writes notes");
    expect(await readFile(join(project.project, "NOTES.md"), "utf8")).toBe("notes\n");
  });

  it("refuses while the tests of requirements approved one at a time are not committed, and goes once they are", async () => {
    const project = await prepare(FOUR.slice(0, 2));
    const sequential = spawnSync(process.execPath, [MAIN, "run", "--project", project.project, "--cassette", project.cassette, "--headless"], { encoding: "utf8", env: env(project) });
    expect(sequential.status, sequential.stdout).toBe(0);
    const refused = run(project, 2);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/lacks the locked tests of requirements approved before: test\/r1\.test\.js, test\/r2\.test\.js\. Commit them/);
    project.git("add", "-A");
    project.git("commit", "-q", "-m", "approved one at a time");
    expect(run(project, 2).status).toBe(0);
  });

  it("refuses a project in a subfolder of its repository, exit 2", async () => {
    const project = await prepare(FOUR.slice(0, 1));
    const { mkdir, rename } = await import("node:fs/promises");
    const inner = join(project.project, "app");
    await mkdir(inner);
    for (const entry of ["SPEC.md", "package.json", "src"]) await rename(join(project.project, entry), join(inner, entry));
    project.git("add", "-A");
    project.git("commit", "-q", "-m", "move into app");
    spawnSync(process.execPath, [MAIN, "plan", join(inner, "SPEC.md"), "--project", inner], { encoding: "utf8" });
    const result = spawnSync(process.execPath, [MAIN, "run", "--project", inner, "--cassette", project.cassette, "--parallel", "2", "--headless"], { encoding: "utf8", env: env(project) });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/needs the project at the top of its git repository.*subfolder app/s);
  });

  it("refuses to start with uncommitted changes to tracked files, exit 2, saying how to go on", async () => {
    const project = await prepare(FOUR.slice(0, 1));
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(project.project, "src/shared.js"), "// changed by the person\n");
    const result = run(project, 2);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--parallel 2 needs every tracked file committed.*uncommitted changes in src\/shared\.js.*git stash/s);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(join(project.project, "src/shared.js"), "utf8")).toBe("// changed by the person\n");
  });

  it("resumes after kill -9 in the middle of stages and of an integration, losing nothing and redoing nothing integrated", async () => {
    const project = await prepare(FOUR);
    // In the middle of stages: while the backends work.
    await killWhen(project, 4, (event) => event.type === "session_started" && event.agent === "backend" && event.requirement === "REQ-003");
    // In the middle of an integration: its gate is running.
    const second = await killWhen(project, 4, (event) => event.type === "gate_started" && event.gate === "integration");
    const integratedBefore = (await rows(project)).filter((row) => row.integration?.state === "integrated").map((row) => row.id);
    // Meanwhile a run one requirement at a time would start them over in the project: it refuses.
    const sequential = spawnSync(process.execPath, [MAIN, "run", "--project", project.project, "--cassette", project.cassette, "--headless"], { encoding: "utf8", env: env(project) });
    expect(sequential.status).toBe(2);
    expect(sequential.stderr).toMatch(/left in their worktrees by a parallel run: continue with greenlight run --parallel N/);
    const resumed = run(project, 4);
    expect(resumed.status, resumed.stderr).toBe(0);
    // What was integrated before the last kill is not integrated again.
    const again = resumed.events.filter((event) => event.type === "integration_finished" && integratedBefore.includes(event.requirement!));
    expect(again).toEqual([]);
    expect(second.some((event) => event.type === "lane_started" && event.resumed === true)).toBe(true);
    await expectAllIntegrated(project, ["REQ-001", "REQ-002", "REQ-003", "REQ-004"]);
  });
});
