import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/** The workspace's matrix at 80 columns (cells wrap, nothing is cut) and its report key, in a real pseudo-terminal. */

const REPO = resolve(import.meta.dirname, "../..");
let temp: string | undefined;
let term: TestTerminal | undefined;

afterEach(() => {
  term?.kill("SIGKILL");
  term = undefined;
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe("the workspace's matrix view", () => {
  it("wraps ids, titles and file names at 80 columns instead of cutting them, and r writes the report and shows where", { timeout: 120_000 }, async () => {
    temp = mkdtempSync(join(tmpdir(), "greenlight-matrix-view-"));
    term = new TestTerminal(process.execPath, [join(REPO, "dist/main.js"), "demo", "--pace", "0"], { cols: 80, rows: 30, env: { CI: "true", TMPDIR: temp } });
    const screen = await term.waitFor(/Traceability matrix[\s\S]*done: approved/, 90_000);
    const lines = screen.split("\n");
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    for (const id of ["REQ-001", "REQ-002", "REQ-003"]) expect(lines.some((line) => line.startsWith(`${id} `))).toBe(true);
    // Each file name is whole on a line, or broken after a "/" (never mid-name).
    const cells = screen.replace(/\s+/g, " ");
    expect(cells).toMatch(/average\.test\.js/);
    expect(cells).toMatch(/divide\.test\.js/);
    expect(cells).toMatch(/calc\.js/);
    expect(screen).not.toMatch(/averag\s*\n/);
    expect(cells).toMatch(/Average of a/);

    term.write("r");
    const written = await term.waitFor(/Report\s+written:[\s\S]*report\.html/, 30_000);
    const [copy] = readdirSync(temp).filter((name) => name.startsWith("greenlight-demo-"));
    const report = join(temp, copy!, ".greenlight/state/report.html");
    expect(existsSync(report)).toBe(true);
    expect(written.replace(/\s+/g, "")).toContain(report);
    term.write("q");
    expect(await term.exited).toBe(0);
  });
});
