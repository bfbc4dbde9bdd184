import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const BRIEF = resolve(import.meta.dirname, "../fixtures/briefs/photo-albums.md");
const DRAFT = readFileSync(resolve(import.meta.dirname, "../fixtures/briefs/photo-albums.draft.md"), "utf8");

let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "gl-plan-draft-"));
  cpSync(BRIEF, join(project, "BRIEF.md"));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args, "--project", project], { cwd: project, encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 60_000 });
const cassette = (turns: unknown[]) => {
  const file = join(project, "..", `${project.split("/").at(-1)}.cassette.json`);
  writeFileSync(file, JSON.stringify({ version: 1, scripts: [{ agent: "planner", turns }] }));
  return file;
};

describe("greenlight plan BRIEF.md --draft, headless", () => {
  it("has the planner write a draft from the brief, prints its path and plans nothing until the draft is planned", () => {
    const file = cassette([
      { content: [{ type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: "specs/brief/requirements.md", content: DRAFT } }] },
      { content: [{ type: "text", text: "Draft written; one question is open." }] },
    ]);
    try {
      const draft = cli("plan", "BRIEF.md", "--draft", "--cassette", file);
      expect(draft.status, draft.stderr).toBe(0);
      expect(draft.stdout).toContain("draft: specs/brief/requirements.md\nRead and edit it, then plan it with: greenlight plan specs/brief/requirements.md");
      expect(existsSync(join(project, ".greenlight/state/task_list.json"))).toBe(false);
      expect(readFileSync(join(project, "specs/brief/requirements.md"), "utf8")).toContain("## Open questions");

      const again = cli("plan", "BRIEF.md", "--draft", "--cassette", file);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain("the draft specs/brief/requirements.md exists already");

      const plan = cli("plan", "specs/brief/requirements.md");
      expect(plan.status, plan.stderr).toBe(0);
      expect(plan.stdout).toContain("kiro, 1 requirements, 2 criteria");
      const tasks = JSON.parse(cli("tasks", "--json").stdout) as { requirements: { id: string; criteria: { id: string }[] }[] };
      expect(tasks.requirements.map((requirement) => [requirement.id, requirement.criteria.map((criterion) => criterion.id)])).toEqual([["brief/REQ-1", ["1.1", "1.2"]]]);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it("says how to draft when a file has no requirements, and refuses a planner session that wrote no draft", () => {
    const plain = cli("plan", "BRIEF.md");
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain("BRIEF.md: no requirement ids found");
    expect(plain.stderr).toContain("If it is a prose brief, have the planner draft a spec from it: greenlight plan BRIEF.md --draft");
    const file = cassette([{ content: [{ type: "text", text: "I wrote nothing." }] }]);
    try {
      const none = cli("plan", "BRIEF.md", "--draft", "--cassette", file);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain("the planner wrote no draft at specs/brief/requirements.md");
    } finally {
      rmSync(file, { force: true });
    }
  });
});
