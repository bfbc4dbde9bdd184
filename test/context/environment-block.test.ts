import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { environmentBlock, type PipelineFacts } from "../../src/context/environment-block.js";
import { gitFacts } from "../../src/context/git-facts.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-env-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, stdio: "pipe" }).toString().trim();

const facts: PipelineFacts = {
  roles: { qa: "tester", backend: "coder", reviewer: "checker" },
  requirement: { id: "REQ-7", title: "Totals" },
  lockedFiles: ["test/a.test.js", "test/b.test.js"],
  harnessFiles: ["package.json"],
  stateDir: ".greenlight/state",
};
const block = (role: "qa" | "backend" | "reviewer" | undefined, pipeline: PipelineFacts | undefined = facts) =>
  environmentBlock({ projectDir: "/p", git: { repository: false }, now: new Date(2026, 0, 5, 23, 59), testCommand: "npm test", agent: role ? facts.roles[role] : "helper", ...(role ? { role } : {}), ...(pipeline ? { pipeline } : {}) });

describe("the environment block", () => {
  it("states the folder, git, platform, today's local date and the test command", () => {
    const text = block("qa");
    expect(text).toContain("Project folder: /p (not a git repository)");
    expect(text).toMatch(new RegExp(`^Platform: ${process.platform} ${process.arch} \\(`, "m"));
    expect(text).toContain("Today's date: 2026-01-05");
    expect(text).toContain("Test command: `npm test`");
  });

  it("gives each role its own rules, with the locked files and the harness", () => {
    expect(block("qa")).toMatch(/You are QA \(tester\) in a greenlight run, working on REQ-7: Totals/);
    expect(block("qa")).toContain("The red gate then runs `npm test`");
    expect(block("backend")).toContain("ask for a handoff to QA (tester)");
    expect(block("reviewer")).toContain("Call ReviewVerdict exactly once");
    expect(block(undefined)).toContain("You are not one of the run's stages (QA tester, backend coder, reviewer checker)");
    for (const role of ["qa", "backend", "reviewer", undefined] as const) {
      expect(block(role)).toContain("Locked test files (only QA, tester, may change them; Write and Edit by anyone else are refused): test/a.test.js, test/b.test.js");
      expect(block(role)).toContain("Protected test harness (no agent may change it): package.json");
    }
    expect(block("backend", { ...facts, lockedFiles: [], harnessFiles: [] })).toMatch(/Locked test files .*: none yet/);
    expect(block("backend", { ...facts, harnessFiles: [] })).not.toContain("harness");
  });

  it("says outside a run that nothing is locked", () => {
    const text = environmentBlock({ projectDir: "/p", git: { repository: false }, now: new Date(), agent: "solo" });
    expect(text).toContain("You are solo, run alone (greenlight agent): no pipeline is running and no test file is locked.");
    expect(text).toMatch(/Test command: none found/);
  });
});

describe("git facts", () => {
  it("reads the branch of the repository the project is in, a subfolder included, and a detached HEAD", async () => {
    expect(await gitFacts(dir)).toEqual({ repository: false });
    git("init", "-q", "-b", "feature/x");
    await mkdir(join(dir, "sub"));
    expect(await gitFacts(join(dir, "sub"))).toEqual({ repository: true, branch: "feature/x" });
    await writeFile(join(dir, "a"), "a");
    git("add", "a");
    git("commit", "-qm", "a");
    git("checkout", "-q", "--detach");
    expect(await gitFacts(dir)).toEqual({ repository: true, detachedAt: git("rev-parse", "HEAD").slice(0, 12) });
  });

  it("follows a worktree's .git file to its branch", async () => {
    git("init", "-q", "-b", "main");
    await writeFile(join(dir, "a"), "a");
    git("add", "a");
    git("commit", "-qm", "a");
    const tree = join(dir, "..", `${dir.split("/").at(-1)}-wt`);
    try {
      git("worktree", "add", "-q", "-b", "side", tree);
      expect(await gitFacts(tree)).toEqual({ repository: true, branch: "side" });
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
