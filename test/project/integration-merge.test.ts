import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceCheckout, mergeIntegrationHead, squashOnto } from "../../src/project/integration-merge.js";
import { requirementWorktrees } from "../../src/project/requirement-worktree.js";
import { commitAll } from "../../src/project/worktree-commits.js";
import type { RequirementWorktree } from "../../src/project/requirement-branch.js";
import { testRepository, type TestRepository } from "../support/git-repository.js";

let repo: TestRepository;
let base: string;
let worktree: RequirementWorktree;

beforeEach(async () => {
  repo = await testRepository({ "calc.js": "line 1\nline 2\nline 3\n", "other.js": "other\n" });
  base = repo.git(["rev-parse", "HEAD"]).trim();
  worktree = await requirementWorktrees(repo.context).open({ requirement: "REQ-001", base, home: repo.home });
});
afterEach(async () => repo.remove());

const headOf = (dir = repo.project) => repo.git(["rev-parse", "HEAD"], dir).trim();

describe("bringing the integration head into a requirement's branch", () => {
  it("says up to date when the branch has the head already", async () => {
    expect(await mergeIntegrationHead(repo.context, worktree, base)).toEqual({ kind: "up_to_date" });
  });

  it("merges a head that changed other lines, as a merge commit naming the requirement", async () => {
    await writeFile(join(worktree.path, "calc.js"), "line 1 by REQ-001\nline 2\nline 3\n");
    await commitAll(repo.context, worktree, "REQ-001: green");
    await repo.write("other.js", "other by REQ-002\n");
    const head = repo.commit("REQ-002 integrated");
    const merged = await mergeIntegrationHead(repo.context, worktree, head);
    expect(merged.kind).toBe("merged");
    const commit = merged.kind === "merged" ? merged.commit : "";
    expect(commit).toBe(headOf(worktree.path));
    expect(repo.git(["log", "-1", "--format=%s|%P|%an", commit]).trim()).toBe(`REQ-001: merge of the integration head ${head.slice(0, 7)}|${repo.git(["rev-parse", "HEAD~1"], worktree.path).trim()} ${head}|greenlight`);
    expect(await readFile(join(worktree.path, "other.js"), "utf8")).toBe("other by REQ-002\n");
    expect(await readFile(join(worktree.path, "calc.js"), "utf8")).toBe("line 1 by REQ-001\nline 2\nline 3\n");
  });

  it("leaves a conflicting merge under way with its markers and lists the files; a commit then finishes it", async () => {
    await writeFile(join(worktree.path, "calc.js"), "line 1\nline 2 by REQ-001\nline 3\n");
    await commitAll(repo.context, worktree, "REQ-001: green");
    await repo.write("calc.js", "line 1\nline 2 by REQ-002\nline 3\n");
    const head = repo.commit("REQ-002 integrated");
    expect(await mergeIntegrationHead(repo.context, worktree, head)).toEqual({ kind: "conflict", files: ["calc.js"] });
    const conflicted = await readFile(join(worktree.path, "calc.js"), "utf8");
    expect(conflicted).toMatch(/<<<<<<< HEAD\nline 2 by REQ-001\n=======\nline 2 by REQ-002\n>>>>>>> /);
    expect(repo.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], worktree.path).trim()).toBe(head);

    await writeFile(join(worktree.path, "calc.js"), "line 1\nline 2 by REQ-001 and REQ-002\nline 3\n");
    const resolved = await commitAll(repo.context, worktree, "REQ-001: conflict resolved by backend");
    expect(repo.git(["log", "-1", "--format=%P", resolved]).trim().split(" ")).toContain(head);
    expect(repo.git(["status", "--porcelain"], worktree.path)).toBe("");
    expect(await mergeIntegrationHead(repo.context, worktree, head)).toEqual({ kind: "up_to_date" });
  });
});

describe("moving the user's branch forward", () => {
  const integrate = async () => {
    await writeFile(join(worktree.path, "calc.js"), "line 1\nline 2 done\nline 3\n");
    await commitAll(repo.context, worktree, "REQ-001: red");
    await commitAll(repo.context, worktree, "REQ-001: green");
    return squashOnto(repo.context, worktree, headOf(), "REQ-001: the calculator adds\n\nEvidence: red -> green, review approved");
  };

  it("squashes the requirement onto the head as one commit and fast-forwards the user's checkout to it", async () => {
    await repo.write("untracked-of-theirs.txt", "mine\n");
    await repo.write("other.js", "their unsaved edit\n");
    const squash = await integrate();
    expect(repo.git(["log", "-1", "--format=%P|%s|%b", squash]).trim()).toBe(`${base}|REQ-001: the calculator adds|Evidence: red -> green, review approved`);
    expect(repo.git(["rev-parse", `${squash}^{tree}`]).trim()).toBe(repo.git(["rev-parse", "HEAD^{tree}"], worktree.path).trim());
    expect(await advanceCheckout(repo.context, squash)).toEqual({ moved: true });
    expect(headOf()).toBe(squash);
    expect(repo.git(["symbolic-ref", "--short", "HEAD"]).trim()).toBe("main");
    expect(await readFile(join(repo.project, "calc.js"), "utf8")).toBe("line 1\nline 2 done\nline 3\n");
    expect(await readFile(join(repo.project, "other.js"), "utf8")).toBe("their unsaved edit\n");
    expect(await readFile(join(repo.project, "untracked-of-theirs.txt"), "utf8")).toBe("mine\n");
  });

  it("refuses, moving nothing, when the user has an uncommitted change to a file the commit touches", async () => {
    const squash = await integrate();
    await repo.write("calc.js", "line 1\nthe user's own line\nline 3\n");
    const move = await advanceCheckout(repo.context, squash);
    expect(move.moved).toBe(false);
    expect(move.moved ? "" : move.reason).toMatch(/calc\.js/);
    expect(headOf()).toBe(base);
    expect(await readFile(join(repo.project, "calc.js"), "utf8")).toBe("line 1\nthe user's own line\nline 3\n");
  });

  it("refuses to replace a file the user's git ignores (a .env), and with merge.autoStash never stashes their change away", async () => {
    await writeFile(join(worktree.path, ".env"), "FROM_THE_AGENT=1\n");
    await integrate();
    await repo.write(".gitignore", ".env\n");
    repo.commit("ignore .env");
    await repo.write(".env", "SECRET=theirs\n");
    const onto = headOf();
    const merged = await mergeIntegrationHead(repo.context, worktree, onto);
    expect(merged.kind).toBe("merged");
    const again = await squashOnto(repo.context, worktree, onto, "REQ-001: again");
    const refused = await advanceCheckout(repo.context, again);
    expect(refused).toEqual({ moved: false, reason: expect.stringMatching(/overwrite \.env in your folder/) });
    expect(await readFile(join(repo.project, ".env"), "utf8")).toBe("SECRET=theirs\n");

    await repo.remove();
    repo = await testRepository({ "calc.js": "line 1\nline 2\nline 3\n", "other.js": "other\n" });
    repo.git(["config", "merge.autoStash", "true"]);
    base = repo.git(["rev-parse", "HEAD"]).trim();
    worktree = await requirementWorktrees(repo.context).open({ requirement: "REQ-001", base, home: repo.home });
    const next = await integrate();
    await repo.write("calc.js", "line 1\nthe user's own line\nline 3\n");
    expect((await advanceCheckout(repo.context, next)).moved).toBe(false);
    expect(await readFile(join(repo.project, "calc.js"), "utf8")).toBe("line 1\nthe user's own line\nline 3\n");
    expect(repo.git(["stash", "list"]).trim()).toBe("");
  });

  it("refuses when the user's branch moved on meanwhile", async () => {
    const squash = await integrate();
    await repo.write("other.js", "their commit\n");
    const theirs = repo.commit("theirs");
    const move = await advanceCheckout(repo.context, squash);
    expect(move).toEqual({ moved: false, reason: expect.stringMatching(/does not descend/) });
    expect(headOf()).toBe(theirs);
  });
});
