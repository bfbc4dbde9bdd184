import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * greenlight installed the way people install CLIs: `npm pack`, then a global install of the tarball into
 * a temporary prefix, then `greenlight demo` from an unrelated folder. Everything run time reads must be in
 * the tarball, and nothing may be written into the installed package.
 */

const REPO = resolve(import.meta.dirname, "../..");
const temp = mkdtempSync(join(tmpdir(), "greenlight-pack-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("the packed package", () => {
  it("installs from its tarball and runs the demo headless from another folder", { timeout: 240_000 }, () => {
    const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    // dist/ is built by `npm test` before the suite runs; --ignore-scripts keeps pack from rebuilding it.
    const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", temp], REPO)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = packed[0]!.files.map((file) => file.path);
    expect(shipped).toEqual(expect.arrayContaining(["dist/main.js", "agents/qa.md", "terminfo/x/xterm-256color", "examples/calculator/cassettes/demo.json", "package.json"]));
    expect(shipped.filter((path) => path.startsWith("src/") || path.startsWith("test/") || path.startsWith("state/"))).toEqual([]);

    const prefix = join(temp, "prefix");
    npm(["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", join(temp, packed[0]!.filename)], temp);
    const installed = join(prefix, "lib", "node_modules", "greenlight");
    const before = listTree(installed);

    const elsewhere = mkdtempSync(join(temp, "elsewhere-"));
    const demoTemp = mkdtempSync(join(temp, "tmp-"));
    const run = spawnSync(join(prefix, "bin", "greenlight"), ["demo", "--headless"], { cwd: elsewhere, encoding: "utf8", env: { ...process.env, TMPDIR: demoTemp, CI: "true" } });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/run +approved: 3\/3 approved/);
    const [copy] = readdirSync(demoTemp);
    expect(run.stdout).toContain(`demo project (a temporary copy of the example): ${join(demoTemp, copy!)}`);
    // The report inlines diff2html's stylesheet, read from the installed dependency.
    const project = join(demoTemp, copy!);
    const report = spawnSync(join(prefix, "bin", "greenlight"), ["report", "--project", project, "--out", join(demoTemp, "report.html")], { cwd: elsewhere, encoding: "utf8" });
    expect(report.stderr).toBe("");
    expect(readFileSync(join(demoTemp, "report.html"), "utf8")).toContain(".d2h-file-wrapper");
    expect(listTree(installed)).toEqual(before);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
