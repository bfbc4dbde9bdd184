import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultStateDir, openStateStore } from "../../src/store/state-store.js";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const FIXTURES = resolve(import.meta.dirname, "../fixtures/specs");
let project: string;
beforeEach(() => (project = mkdtempSync(join(tmpdir(), "gl-plan-formats-"))));
afterEach(() => rmSync(project, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args, "--project", project], { cwd: project, encoding: "utf8", env: { ...process.env, CI: "true" } });
const copy = (fixture: string, target = ".") => cpSync(join(FIXTURES, fixture), join(project, target), { recursive: true });

interface TasksJson {
  requirements: { id: string; feature?: string; removed?: boolean; criteria?: { id: string }[] }[];
  tasks: { requirement: string; status: string }[];
}
const tasksJson = () => JSON.parse(cli("tasks", "--json").stdout) as TasksJson;
const ids = () => tasksJson().requirements.filter((requirement) => requirement.removed !== true).map((requirement) => requirement.id);

async function approve(id: string): Promise<void> {
  const store = await openStateStore(defaultStateDir(project), { write: true });
  await store.update((draft) => {
    draft.taskList.tasks.find((task) => task.requirement === id)!.status = "approved";
    const row = draft.matrix.requirements.find((candidate) => candidate.id === id)!;
    row.status = "approved";
    row.tests = { files: ["test/albums.test.js"], names: ["creates an album"] };
  });
  await store.close();
}

describe("greenlight plan with spec formats", () => {
  it("keeps both Spec Kit features when they are planned one after the other, and a re-plan of one touches only it", () => {
    copy("spec-kit");
    const first = cli("plan", "specs/001-photo-albums/spec.md");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("plan: specs/001-photo-albums/spec.md (feature 001-photo-albums): spec-kit, 5 requirements, 4 criteria");
    const second = cli("plan", "specs/002-sharing/spec.md");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("2 added, 0 updated, 0 removed (kept, work was done), 0 dropped (no work), 0 unchanged");
    expect(ids()).toEqual([
      "001-photo-albums/FR-001", "001-photo-albums/FR-002", "001-photo-albums/FR-003", "001-photo-albums/FR-004", "001-photo-albums/US-3",
      "002-sharing/FR-001", "002-sharing/FR-002",
    ]);
    writeFileSync(join(project, "specs/002-sharing/spec.md"), "## Requirements\n\n- **FR-001**: System MUST create a share link for an album.\n");
    const replan = cli("plan", "specs/002-sharing/spec.md");
    expect(replan.stdout).toContain("0 added, 1 updated, 0 removed (kept, work was done), 1 dropped (no work), 0 unchanged");
    expect(ids()).toHaveLength(6);
    expect(ids()).toContain("001-photo-albums/US-3");
  });

  it("plans every feature of specs/ at once, idempotently", () => {
    copy("spec-kit");
    expect(cli("plan", "specs").stdout).toContain("7 added");
    expect(cli("plan", "specs").stdout).toContain("7 unchanged");
    expect(tasksJson().requirements.find((requirement) => requirement.id === "002-sharing/FR-002")!.criteria!.map((criterion) => criterion.id)).toEqual(["US1.1", "US1.2"]);
  });

  it("applies an OpenSpec change's delta: added, modified and removed", () => {
    copy("openspec");
    expect(cli("plan", "openspec/specs").stdout).toContain("2 added");
    const delta = cli("plan", "openspec/changes/add-2fa");
    expect(delta.status, delta.stderr).toBe(0);
    expect(delta.stdout).toContain("1 added, 1 updated, 0 removed (kept, work was done), 1 dropped (no work), 0 unchanged");
    expect(ids()).toEqual(["auth/user-login", "auth/two-factor-authentication"]);
  });

  it("keeps an OpenSpec requirement's id through a RENAMED delta and the archived spec that follows it", async () => {
    const write = (path: string, text: string) => {
      mkdirSync(join(project, path, ".."), { recursive: true });
      writeFileSync(join(project, path), text);
    };
    const requirement = (name: string) => `## Requirements\n\n### Requirement: ${name}\nThe system SHALL sign users in.\n\n#### Scenario: Ok\n- **WHEN** a user signs in\n- **THEN** it works\n`;
    write("openspec/specs/auth/spec.md", requirement("Login"));
    cli("plan", "openspec/specs/auth/spec.md");
    await approve("auth/login");
    write("openspec/changes/rename/specs/auth/spec.md", "## RENAMED Requirements\n- FROM: `### Requirement: Login`\n- TO: `### Requirement: Sign In`\n\n## MODIFIED Requirements\n" + requirement("Sign In").replace("## Requirements\n\n", ""));
    expect(cli("plan", "openspec/changes/rename").stdout).toMatch(/reopened +auth\/login +Sign In/);
    write("openspec/specs/auth/spec.md", requirement("Sign In"));
    const archived = cli("plan", "openspec/specs/auth/spec.md");
    expect(archived.stdout).toContain("0 added, 0 updated, 0 removed (kept, work was done), 0 dropped (no work), 1 unchanged");
    expect(ids()).toEqual(["auth/login"]);
  });

  it("reads Kiro, BMAD and a named format", () => {
    copy("kiro");
    copy("bmad-v6");
    expect(cli("plan", ".kiro/specs/photo-albums/tasks.md").stdout).toContain("kiro, 2 requirements, 5 criteria");
    expect(cli("plan", "epics.md").stdout).toContain("bmad, 2 requirements, 3 criteria");
    expect(cli("plan", "prd.md", "--format", "bmad").stdout).toContain("bmad, 2 requirements, 3 criteria");
    expect(ids()).toEqual(["photo-albums/REQ-1", "photo-albums/REQ-2", "STORY-1.1", "STORY-1.2", "FR-1", "FR-2"]);
    const unknown = cli("plan", "prd.md", "--format", "jira");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown spec format 'jira'");
  });

  it("refuses a malformed file with file:line, leaving the state as it was", () => {
    copy("malformed");
    const bad = cli("plan", ".kiro/specs/bad/requirements.md");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(".kiro/specs/bad/requirements.md:12: criterion 1.2 is not an EARS line");
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("reopens an approved requirement whose text changed, and --keep-approved keeps it approved with the mark", async () => {
    copy("kiro");
    const spec = join(project, ".kiro/specs/photo-albums/requirements.md");
    cli("plan", ".kiro/specs/photo-albums/requirements.md");
    await approve("photo-albums/REQ-1");
    await approve("photo-albums/REQ-2");
    const text = readFileSync(spec, "utf8");
    writeFileSync(spec, text.replace("create an album with that name", "create an album with that name and today's date").replace("show the new order", "show the new order at once"));

    const kept = cli("plan", ".kiro/specs/photo-albums/requirements.md", "--keep-approved");
    expect(kept.stdout).toMatch(/changed +photo-albums\/REQ-1/);
    expect(kept.stdout).toContain("2 changed since approval (kept approved)");
    expect(tasksJson().tasks.map((task) => task.status)).toEqual(["approved", "approved"]);
    const rows = JSON.parse(cli("matrix", "--format", "json").stdout) as { requirements: { id: string; status: string; changedSinceApproval?: { description: string } }[] };
    expect(rows.requirements[0]!.changedSinceApproval!.description).toContain("create an album with that name\n");

    writeFileSync(spec, readFileSync(spec, "utf8").replace("at once", "at once, animated"));
    const reopened = cli("plan", ".kiro/specs/photo-albums/requirements.md");
    expect(reopened.stdout).toMatch(/reopened +photo-albums\/REQ-2/);
    expect(reopened.stdout).toContain("1 reopened (changed since approval), 0 updated");
    expect(tasksJson().tasks.map((task) => task.status)).toEqual(["approved", "pending"]);
    const after = JSON.parse(cli("matrix", "--format", "json").stdout) as { requirements: { status: string; changedSinceApproval?: { description: string } }[] };
    expect(after.requirements[1]!.status).toBe("pending");
    expect(after.requirements[1]!.changedSinceApproval!.description).toContain("show the new order\n");
  });

  it("--write-status ticks the boxes of tasks whose requirements are approved and changes nothing else", async () => {
    copy("spec-kit");
    copy("kiro");
    copy("openspec");
    const tasksFile = join(project, "specs/001-photo-albums/tasks.md");
    const kiroTasks = join(project, ".kiro/specs/photo-albums/tasks.md");
    const changeTasks = join(project, "openspec/changes/add-2fa/tasks.md");
    const before = [tasksFile, kiroTasks, changeTasks].map((file) => readFileSync(file, "utf8"));
    cli("plan", "specs/001-photo-albums/spec.md");
    cli("plan", ".kiro/specs/photo-albums/requirements.md");
    cli("plan", "openspec/specs");
    cli("plan", "openspec/changes/add-2fa");
    const nothing = cli("plan", "specs/001-photo-albums/spec.md", "--write-status");
    expect(nothing.stdout).toContain("write-status: no task to tick (5 task(s) linked to requirements)");
    expect(readFileSync(tasksFile, "utf8")).toBe(before[0]);

    await approve("001-photo-albums/FR-001");
    await approve("photo-albums/REQ-2");
    await approve("auth/user-login");
    const specKit = cli("plan", "specs/001-photo-albums/tasks.md", "--write-status");
    expect(specKit.stdout).toContain("write-status: specs/001-photo-albums/tasks.md: 1 task(s) ticked");
    expect(readFileSync(tasksFile, "utf8")).toBe(before[0]!.replace("- [ ] T004 [P] [US1]", "- [X] T004 [P] [US1]"));
    cli("plan", ".kiro/specs/photo-albums/requirements.md", "--write-status");
    expect(readFileSync(kiroTasks, "utf8")).toBe(before[1]!.replace("- [ ]* 2.2", "- [x]* 2.2"));
    cli("plan", "openspec/changes/add-2fa", "--write-status");
    expect(readFileSync(changeTasks, "utf8")).toBe(before[2]);
    await approve("auth/two-factor-authentication");
    cli("plan", "openspec/changes/add-2fa", "--write-status");
    expect(readFileSync(changeTasks, "utf8")).toBe(before[2]!.replace(/- \[ \]/g, "- [x]"));
  });
});
