import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/** `greenlight demo` as a person runs it: the built CLI in a real pseudo-terminal, read through xterm. */

const REPO = resolve(import.meta.dirname, "../..");
let temp: string | undefined;
let term: TestTerminal | undefined;

afterEach(() => {
  term?.kill("SIGKILL");
  term = undefined;
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe("greenlight demo in a terminal", () => {
  it("shows the agent panes, finishes the run with the matrix on screen, and restores the terminal on q", { timeout: 120_000 }, async () => {
    temp = mkdtempSync(join(tmpdir(), "greenlight-demo-test-"));
    const before = readdirSync(join(REPO, "state"));
    term = new TestTerminal(process.execPath, [join(REPO, "dist/main.js"), "demo", "--pace", "0"], { cols: 120, rows: 36, env: { CI: "true", TMPDIR: temp } });
    const finished = await term.waitFor("done: approved", 90_000);
    expect(finished).toContain("Traceability matrix");
    expect(finished).toMatch(/REQ-003 Average of a list\s+approved\s+test\/average\.test\.js\s+src\/calc\.js\s+exit 1\s+exit 0\s+approved/);
    expect(finished).toContain("3/3 approved");
    term.write("x");
    const panes = await term.waitFor(/\b1 qa \|/);
    expect(panes).toMatch(/\b2 backend \|/);
    expect(panes).toMatch(/\b3 reviewer \|/);
    term.write("q");
    expect(await term.exited).toBe(0);
    expect(await term.inAlternateBuffer()).toBe(false);
    expect(term.cursorVisible()).toBe(true);
    const after = await term.text();
    expect(after).toMatch(/3\/3 approved/);
    const [copy] = readdirSync(temp);
    expect(copy).toMatch(/^greenlight-demo-/);
    expect(after.replace(/\s+/g, "")).toContain(`demoproject(atemporarycopyoftheexample):${join(temp, copy!)}`);
    expect(readdirSync(join(REPO, "state"))).toEqual(before);
  });
});
