import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import stringWidth from "string-width";
import { KEYS, TestTerminal, type TerminalOptions } from "../support/terminal.js";

const HARNESS = resolve(import.meta.dirname, "../fixtures/tui/harness.mjs");
const open: TestTerminal[] = [];
const dirs: string[] = [];

function start(args: string[] = [], options: TerminalOptions = {}): { term: TestTerminal; calls: () => unknown[] } {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-tui-"));
  dirs.push(dir);
  const record = join(dir, "calls.jsonl");
  const term = new TestTerminal(process.execPath, [HARNESS, "--record", record, ...args], { cols: 120, rows: 36, ...options });
  open.push(term);
  const calls = (): unknown[] => (existsSync(record) ? readFileSync(record, "utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown) : []);
  return { term, calls };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** The finished run opens on its matrix; `x` goes back to the panes. */
async function finishedAtPanes(term: TestTerminal): Promise<string> {
  await term.waitFor(/Traceability matrix[\s\S]*done: incomplete/);
  term.write("x");
  return term.waitFor(/1 qa \|[\s\S]*3 reviewer[\s\S]*done: incomplete/);
}

afterEach(() => {
  for (const term of open.splice(0)) term.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the workspace TUI in a real terminal", () => {
  it("shows a pane per agent, their tool lines, and the finished run", async () => {
    const { term } = start();
    const screen = await finishedAtPanes(term);
    expect(screen).toMatch(/1 qa \| idle \| 1 turn \| 1\.5k \| \$0\.012 \| claude-sonnet-4/);
    expect(screen).toContain("2 backend");
    expect(screen).toContain("3 reviewer");
    expect(screen).toContain("Bash npm test -> exit 1 (2.3 s)");
    expect(screen).toContain("Write test/calc.test.js (+12 lines)");
    expect(screen).toContain("1/2 approved");
    expect(screen).toContain("WAITING: question R2 from qa (i)");
    expect(await term.inAlternateBuffer()).toBe(true);
    expect(term.output).not.toMatch(/\x1b\[\?100[0-3]h/);
  });

  it("keeps pane borders straight around emoji and CJK text", async () => {
    const { term } = start();
    await finishedAtPanes(term);
    const lines = (await term.waitFor("漢字")).split("\n");
    const row = lines.find((line) => line.includes("漢字"))!;
    const border = lines.find((line) => line.includes("Second line from qa"))!;
    const column = (line: string, index: number): number => stringWidth(line.slice(0, index));
    const edge = (line: string): number => line.search(/(?<=.)[│┃]/);
    expect(edge(row)).toBeGreaterThan(0);
    expect(column(row, edge(row))).toBe(column(border, edge(border)));
  });

  it("focuses with Tab and digits, zooms with z, and lists every key on ?", async () => {
    const { term } = start();
    await term.waitFor("done: incomplete");
    term.write("2");
    await term.waitFor(/━ 2 backend/);
    term.write(KEYS.tab);
    await term.waitFor(/━ 3 reviewer/);
    term.write("z");
    await term.waitFor((/^(?![\s\S]*1 qa \|)[\s\S]*3 reviewer/));
    term.write("z");
    await term.waitFor("1 qa |");
    term.write("?");
    const help = await term.waitFor("handoff menu of the focused agent");
    expect(help).toContain("search the pane, older / newer match");
    expect(help).toContain("Inbox: Enter read it all");
    term.write("x");
    await term.waitFor(/1 qa \|/);
  });

  it("hands off from the menu: send:true at once, send:false after editing the prompt", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.write("1h");
    await term.waitFor("1. Implement now -> backend (sends now)");
    term.write(KEYS.enter);
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call: "handoff", args: ["qa", "backend", "Make the failing tests pass"] })), "send:true handoff");
    term.write("h");
    await term.waitFor("2. Ask for review -> reviewer");
    term.write(KEYS.down + KEYS.enter);
    await term.waitFor(/Handoff qa -> reviewer[\s\S]*Please review R1/);
    term.write(" now" + KEYS.enter);
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call: "handoff", args: ["qa", "reviewer", "Please review R1 now"] })), "send:false handoff");
  });

  it("answers a question from the inbox and messages an agent", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.write("i");
    await term.waitFor("question R2 from qa: Should divide by zero throw?");
    term.write(KEYS.enter);
    await term.waitFor("a answer  Esc close");
    term.write("a");
    await term.waitFor("Answer R2 from qa");
    term.write("yes, a RangeError" + KEYS.enter);
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call: "answer", args: ["q1", "yes, a RangeError"] })), "answer");
    await term.waitFor("Nothing is waiting for you.");
    term.write("i2m");
    await term.waitFor("Message backend");
    term.write("hello" + KEYS.enter);
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call: "sendMessage", args: ["backend", "hello"] })), "message");
  });

  it("opens the matrix when the run finishes, and shows the task list", async () => {
    const { term } = start();
    const matrix = await term.waitFor(/Traceability matrix[\s\S]*done: incomplete/);
    expect(matrix).toMatch(/R1\s+Add two numbers\s+approved\s+test\/calc\.test\.js\s+src\/calc\.js\s+exit 1\s+exit 0\s+approved/);
    expect(matrix).toMatch(/R2\s+Divide safely\s+pending\s+-\s+-\s+-\s+-\s+-/);
    term.write("t");
    const tasks = await term.waitFor("ATTEMPTS");
    expect(tasks).toMatch(/R1\s+Add two numbers\s+approved\s+reviewer/);
  });

  it("says the terminal is too small below 80x24 and recovers when enlarged", async () => {
    const { term } = start();
    await term.waitFor("done: incomplete");
    term.resize(70, 20);
    await term.waitFor("Terminal too small: 70x20");
    term.resize(80, 24);
    const screen = await term.waitFor("Traceability matrix");
    expect(screen).not.toContain("too small");
    term.write("x");
    await term.waitFor("1 qa |");
    for (let i = 0; i < 20; i++) term.resize(60 + i * 5, 20 + i);
    term.resize(120, 36);
    await term.waitFor(/1 qa \|[\s\S]*done: incomplete/);
  });

  it("quits on q and restores the terminal", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.write("q");
    await term.waitForOutput("HARNESS CLOSED quit");
    expect(await term.exited).toBe(0);
    expect(await term.inAlternateBuffer()).toBe(false);
    expect(term.cursorVisible()).toBe(true);
    expect(calls()).toContainEqual({ call: "quit", args: [] });
  });

  it("on SIGHUP stops the agents through the controller and restores the terminal", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.kill("SIGHUP");
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ closed: "hangup" })), "hangup");
    expect(calls()).toContainEqual({ call: "quit", args: [] });
    expect(term.output).toContain("\x1b[?1049l");
    expect(term.cursorVisible()).toBe(true);
  });

  it("pauses on p, and says there is nothing to cancel on Esc when the agent is idle", async () => {
    const { term, calls } = start();
    await finishedAtPanes(term);
    term.write("2");
    await term.waitFor(/━ 2 backend/);
    term.write("p");
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call: "pause", args: [] })), "pause");
    term.write(KEYS.escape);
    await term.waitFor("backend has no turn running to cancel");
    expect(calls().some((c) => JSON.stringify(c).includes("cancelAgent"))).toBe(false);
  });

  it.each([
    ["Ctrl-C", "quit"],
    ["SIGTERM", "terminated"],
  ])("restores the terminal on %s", async (how, end) => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    if (how === "Ctrl-C") term.write(KEYS.ctrlC);
    else term.kill("SIGTERM");
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ closed: end })), end);
    // The record file can be seen before the terminal's last bytes are read back from the pty.
    await term.waitForOutput(`HARNESS CLOSED ${end}`);
    expect(calls()).toContainEqual({ call: "quit", args: [] });
    expect(term.output).toContain("\x1b[?1049l");
    expect(term.cursorVisible()).toBe(true);
  });

  it("restores the terminal and says why when the process crashes", async () => {
    const { term, calls } = start(["--script", "crash"]);
    await until(() => calls().some((c) => JSON.stringify(c) === JSON.stringify({ closed: "crashed" })), "crash");
    await term.waitForOutput("HARNESS CLOSED crashed");
    expect(term.output).toContain("\x1b[?1049l");
    expect(term.cursorVisible()).toBe(true);
    expect(term.output).toContain("the workspace crashed: Error: harness crash on purpose");
  });

  it("draws ASCII borders when the locale is not UTF-8 and no colour under NO_COLOR", async () => {
    const { term } = start([], { env: { LANG: "C", LC_ALL: undefined, LC_CTYPE: "C", NO_COLOR: "1" } });
    const screen = await finishedAtPanes(term);
    expect(screen).toMatch(/#= 1 qa/);
    expect(screen).toMatch(/\+- 2 backend/);
    expect(term.output).not.toMatch(/\x1b\[3[1-6]m/);
  });

  it("shows console output and stray stderr writes in the notice line while up, and gives them back on exit", async () => {
    const { term } = start(["--script", "console"]);
    const screen = await term.waitFor("deprecated: claude-3 retires soon");
    const rows = screen.split("\n");
    expect(rows[0]).toMatch(/^Traceability matrix/);
    expect(rows.find((row) => row.includes("deprecated:"))).toMatch(/^Warning: the model is deprecated: claude-3 retires soon\s*$/);
    await term.waitFor("raw stderr line");
    term.write("q");
    await term.waitForOutput("console works again");
    expect(await term.exited).toBe(0);
  });

  it.each(["screen-256color", "tmux-256color", "linux", "vt100"])("works with TERM=%s", async (name) => {
    const { term } = start([], { env: { TERM: name } });
    await term.waitFor("done: incomplete");
    term.write("q");
    await term.waitForOutput("HARNESS CLOSED quit");
    expect(term.output).not.toMatch(/Error on|Terminfo/);
  });
});
