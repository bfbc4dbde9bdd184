import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const cli = (args: string[], options: { shell?: boolean } = {}) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env: { ...process.env, CI: "true" }, ...options });

describe("the command line", () => {
  it.each(["run", "demo", "plan", "tasks", "matrix", "agents", "agent"])("answers `%s --help` with its usage on stdout and exit 0", (command) => {
    const result = cli([command, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage:\\s+greenlight ${command}\\b`, "i"));
    expect(result.stderr).toBe("");
  });

  it("ends quietly when the reader of its output goes away", () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${MAIN}" demo --headless | head -1`], { encoding: "utf8", env: { ...process.env, CI: "true" } });
    expect(result.stdout).toMatch(/^demo project\b/);
    expect(result.stderr).toBe("");
    // The demo keeps its project for the person to look at; this test has no one to.
    const project = /: (\S+)$/m.exec(result.stdout)?.[1];
    if (project?.includes("greenlight-demo-")) rmSync(project, { recursive: true, force: true });
  }, 60_000);
});
