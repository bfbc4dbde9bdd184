import { createHash } from "node:crypto";
import { mkdir, mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { worktreeHome } from "../../src/project/worktree-home.js";

let root: string;
let project: string;
let folder: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "greenlight-home-")));
  project = join(root, "my-app");
  await mkdir(project);
  folder = `my-app-${createHash("sha256").update(project).digest("hex").slice(0, 8)}`;
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe("where a project's worktrees live", () => {
  it("takes greenlight.json's folder, then GREENLIGHT_WORKTREES, then XDG_DATA_HOME, then ~/.local/share", () => {
    const env = { GREENLIGHT_WORKTREES: join(root, "env"), XDG_DATA_HOME: join(root, "xdg"), HOME: join(root, "home") };
    expect(worktreeHome(project, join(root, "configured"), env)).toBe(join(root, "configured", folder));
    expect(worktreeHome(project, undefined, env)).toBe(join(root, "env", folder));
    expect(worktreeHome(project, undefined, { XDG_DATA_HOME: env.XDG_DATA_HOME, HOME: env.HOME })).toBe(join(root, "xdg", "greenlight", "worktrees", folder));
    expect(worktreeHome(project, undefined, { XDG_DATA_HOME: "relative", HOME: env.HOME })).toBe(join(root, "home", ".local", "share", "greenlight", "worktrees", folder));
  });

  it("names the folder after the project's real path, so two checkouts of the same name never share one", async () => {
    const other = join(root, "elsewhere", "my-app");
    await mkdir(other, { recursive: true });
    const link = join(root, "link-to-app");
    await symlink(project, link);
    expect(worktreeHome(link, join(root, "w"), {})).toBe(worktreeHome(project, join(root, "w"), {}));
    expect(worktreeHome(other, join(root, "w"), {})).not.toBe(worktreeHome(project, join(root, "w"), {}));
  });

  it("refuses a folder inside the project, also through a link, and a relative one", async () => {
    expect(() => worktreeHome(project, join(project, ".worktrees"), {})).toThrow(/inside the project/);
    expect(() => worktreeHome(project, undefined, { GREENLIGHT_WORKTREES: project })).toThrow(/inside the project/);
    await symlink(project, join(root, "into-project"));
    expect(() => worktreeHome(project, join(root, "into-project", "wt"), {})).toThrow(/inside the project/);
    expect(() => worktreeHome(project, undefined, { HOME: project })).toThrow(/inside the project/);
    expect(() => worktreeHome(project, "worktrees", {})).toThrow(/absolute/);
  });
});
