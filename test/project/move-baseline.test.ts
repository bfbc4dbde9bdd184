import { mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keptBaselines, moveBaseline, requirementBaseline, requirementBaselineTree } from "../../src/project/baseline-store.js";
import { takeSnapshot } from "../../src/project/project-snapshot.js";
import { requirementWorktrees } from "../../src/project/requirement-worktree.js";
import { testRepository, type TestRepository } from "../support/git-repository.js";

let repo: TestRepository;
let stateDir: string;

beforeEach(async () => {
  repo = await testRepository({ "a.txt": "a\n", "b.txt": "b\n", "same.txt": "untouched\n", "dist/out.js": "built\n" });
  stateDir = await mkdtemp(join(tmpdir(), "greenlight-state-"));
});
afterEach(async () => {
  await repo.remove();
  await rm(stateDir, { recursive: true, force: true });
});

describe("moving a requirement's starting point to a new integration head", () => {
  it("keeps the head's tree and patches the snapshot with the files that differ, as takeSnapshot keeps them", async () => {
    const base = repo.git(["rev-parse", "HEAD"]).trim();
    const worktree = await requirementWorktrees(repo.context).open({ requirement: "REQ-001", base, home: repo.home });
    const context = { ...repo.context, projectDir: worktree.path };
    await requirementBaseline(stateDir, worktree.path, "REQ-001");
    await requirementBaselineTree(stateDir, "REQ-001", async () => repo.git(["rev-parse", "HEAD^{tree}"]).trim());

    await repo.write("a.txt", "a changed — ünïcode\n");
    await unlink(join(repo.project, "b.txt"));
    await repo.write("c/new.txt", "new\n");
    await repo.write("dist/out.js", "rebuilt\n");
    await writeFile(join(repo.project, "binary.bin"), Buffer.from([1, 0, 2]));
    await repo.write("big.txt", "x".repeat(600 * 1024));
    await symlink("a.txt", join(repo.project, "link.txt"));
    repo.commit("another requirement integrated");
    const tree = repo.git(["rev-parse", "HEAD^{tree}"]).trim();

    await moveBaseline(stateDir, "REQ-001", context, tree);
    const kept = await keptBaselines(stateDir, "REQ-001");
    expect(kept.tree).toBe(tree);
    expect(kept.snapshot).toEqual(await takeSnapshot(repo.project));
    expect(Object.keys(kept.snapshot!.files).sort()).toEqual(["a.txt", "c/new.txt", "same.txt"]);

    // A resumed run that moves to the same head again finds the same starting point.
    await moveBaseline(stateDir, "REQ-001", context, tree);
    expect((await keptBaselines(stateDir, "REQ-001")).snapshot).toEqual(kept.snapshot);
  });
});
