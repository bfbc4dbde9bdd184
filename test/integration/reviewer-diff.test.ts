import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ADD_TEST, addCode, runWithPerson, say, verdict, withProject, write } from "./person-run-harness.js";

const gitIn = (dir: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });

const CASSETTE = [
  { agent: "qa", requirement: "REQ-001", turns: [write("test/add.test.js", ADD_TEST), say("Tests written.")] },
  { agent: "backend", requirement: "REQ-001", turns: [write("src/calc.js", addCode("+")), say("Done.")] },
  { agent: "reviewer", requirement: "REQ-001", turns: [verdict("approve", "fine"), say("Approved.")] },
];

const reviewerPrompt = (events: Awaited<ReturnType<typeof runWithPerson>>["events"]) =>
  events.flatMap((event) => (event.type === "session_started" && event.agent === "reviewer" ? [event.prompt] : [])).at(-1)!;

describe("the reviewer's diff", { timeout: 120_000 }, () => {
  it("comes from git in a git repository, and the person's index is untouched", () =>
    withProject(async (project) => {
      const run = await runWithPerson(project, {
        cassette: CASSETTE,
        prepare: (dir) => {
          gitIn(dir, "init", "-q");
          gitIn(dir, "add", "src/calc.js");
          gitIn(dir, "commit", "-q", "-m", "start");
        },
        react: () => {},
      });
      expect(run.finished.summary.outcome).toBe("approved");
      const prompt = reviewerPrompt(run.events);
      expect(prompt).toContain("diff --git a/src/calc.js b/src/calc.js");
      expect(prompt).toContain("diff --git a/test/add.test.js b/test/add.test.js");
      expect(prompt).not.toContain(".greenlight");
      expect(gitIn(project, "diff", "--cached", "--name-only")).toBe("");
    }));

  it("comes from snapshots outside a git repository", () =>
    withProject(async (project) => {
      const run = await runWithPerson(project, { cassette: CASSETTE, react: () => {} });
      const prompt = reviewerPrompt(run.events);
      expect(prompt).toContain("--- a/src/calc.js\n+++ b/src/calc.js");
      expect(prompt).not.toContain("diff --git");
    }));
});
