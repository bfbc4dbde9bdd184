import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADD_TEST, addCode, readProjectFile, runWithPerson, say, verdict, withProject, write } from "./person-run-harness.js";

const ID = "001-calc/FR-001";

describe("a feature-namespaced requirement in a parallel run", { timeout: 120_000 }, () => {
  it("works in its own worktree (branch greenlight/<feature>/<id>) and is integrated onto the person's branch", () =>
    withProject(async (project) => {
      const worktrees = `${project}-worktrees`;
      process.env.GREENLIGHT_WORKTREES = worktrees;
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=p", "-c", "user.email=p@e", ...args], { cwd: project, encoding: "utf8" });
      try {
        const run = await runWithPerson(project, {
          config: { parallel: 2 },
          requirements: (planned) => planned.map((requirement) => ({ ...requirement, id: ID, feature: "001-calc" })),
          prepare: (dir) => {
            writeFileSync(join(dir, ".gitignore"), ".greenlight/\n");
            git("init", "-q", "-b", "main");
            git("add", "-A");
            git("commit", "-q", "-m", "start");
          },
          cassette: [
            { agent: "qa", requirement: ID, turns: [write("test/add.test.js", ADD_TEST), say("Tests written.")] },
            { agent: "backend", requirement: ID, turns: [write("src/calc.js", addCode("+")), say("Done.")] },
            { agent: "reviewer", requirement: ID, turns: [verdict("approve", "fine"), say("Approved.")] },
          ],
          react: () => {},
        });
        expect(run.finished.summary).toMatchObject({ outcome: "approved", approved: 1, total: 1 });
        expect(await readProjectFile(project, "src/calc.js")).toBe(addCode("+"));
        expect(git("log", "--format=%s", "-1")).toBe(`${ID}: Add two numbers\n`);
        expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
      } finally {
        delete process.env.GREENLIGHT_WORKTREES;
        await rm(worktrees, { recursive: true, force: true });
      }
    }));
});
