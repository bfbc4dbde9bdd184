import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { takeSnapshot } from "../../src/project/project-snapshot.js";
import { withProjectVenv } from "../../src/project/project-venv.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-venv-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("a project's virtual environment", () => {
  it("is active for commands run with the project's environment, as `source .venv/bin/activate` leaves it, and snapshots skip it", async () => {
    expect(spawnSync("python3", ["-m", "venv", "--without-pip", join(dir, ".venv")]).status).toBe(0);
    await writeFile(join(dir, "app.py"), "print('hi')\n");
    const env = withProjectVenv(dir, { PATH: process.env.PATH ?? "", PYTHONHOME: "/elsewhere" });
    expect(env.VIRTUAL_ENV).toBe(join(dir, ".venv"));
    expect(env.PYTHONHOME).toBeUndefined();
    const prefix = spawnSync("/bin/sh", ["-c", "python3 -c 'import sys; print(sys.prefix)'"], { cwd: dir, env, encoding: "utf8" });
    expect(prefix.stdout.trim()).toBe(join(dir, ".venv"));
    expect(Object.keys((await takeSnapshot(dir, [])).files)).toEqual(["app.py"]);
  });

  it("leaves the environment as it is without one (a folder named venv that is no environment included)", async () => {
    await writeFile(join(dir, "venv"), "not a folder\n");
    expect(withProjectVenv(dir, { PATH: "/usr/bin" })).toEqual({ PATH: "/usr/bin" });
  });
});
