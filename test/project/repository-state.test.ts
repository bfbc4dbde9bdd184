import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentCheckout, isAncestor, uncommittedTrackedFiles } from "../../src/project/repository-state.js";
import { testRepository, type TestRepository } from "../support/git-repository.js";

let repo: TestRepository;

beforeEach(async () => {
  repo = await testRepository({ "a.txt": "a\n", "b.txt": "b\n", "sub/c.txt": "c\n" });
});
afterEach(async () => repo.remove());

describe("the user's checkout", () => {
  it("is its branch and HEAD, and the project's place in the repository", async () => {
    const head = repo.git(["rev-parse", "HEAD"]).trim();
    expect(await currentCheckout(repo.context)).toEqual({ branch: "main", head, prefix: "" });
    expect(await currentCheckout({ ...repo.context, projectDir: join(repo.project, "sub") })).toEqual({ branch: "main", head, prefix: "sub/" });
  });

  it("is undefined outside a repository, and refused detached or without a commit", async () => {
    const plain = await mkdtemp(join(tmpdir(), "greenlight-plain-"));
    try {
      expect(await currentCheckout({ ...repo.context, projectDir: plain })).toBeUndefined();
      repo.git(["init", "-q"], plain);
      await expect(currentCheckout({ ...repo.context, projectDir: plain })).rejects.toThrow(/without a commit/);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
    repo.git(["checkout", "-q", "--detach"]);
    await expect(currentCheckout(repo.context)).rejects.toThrow(/detached HEAD/);
  });

  it("lists tracked files with changes, staged or not, renamed too, and never untracked ones", async () => {
    expect(await uncommittedTrackedFiles(repo.context)).toEqual([]);
    await writeFile(join(repo.project, "new.txt"), "untracked\n");
    expect(await uncommittedTrackedFiles(repo.context)).toEqual([]);
    await writeFile(join(repo.project, "a.txt"), "changed\n");
    await writeFile(join(repo.project, "sub/c.txt"), "staged\n");
    repo.git(["add", "sub/c.txt"]);
    repo.git(["mv", "b.txt", "renamed.txt"]);
    expect((await uncommittedTrackedFiles(repo.context)).sort()).toEqual(["a.txt", "renamed.txt", "sub/c.txt"]);
  });

  it("tells an ancestor from a commit that is not one", async () => {
    const first = repo.git(["rev-parse", "HEAD"]).trim();
    await writeFile(join(repo.project, "a.txt"), "next\n");
    const second = repo.commit("next");
    expect(await isAncestor(repo.context, first, second)).toBe(true);
    expect(await isAncestor(repo.context, second, first)).toBe(false);
    await expect(isAncestor(repo.context, "no-such-commit", first)).rejects.toThrow(/git merge-base/);
  });
});
