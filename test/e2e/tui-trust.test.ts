import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KEYS, paste, TestTerminal, type TerminalOptions } from "../support/terminal.js";

/** What a person relies on in the workspace: scrolling, paste, safe keys, the inbox, the bell, diffs, hints. */

const HARNESS = resolve(import.meta.dirname, "../fixtures/tui/harness.mjs");
const open: TestTerminal[] = [];
const dirs: string[] = [];

function start(args: string[] = [], options: TerminalOptions = {}): { term: TestTerminal; calls: () => unknown[] } {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-tui-"));
  dirs.push(dir);
  const record = join(dir, "calls.jsonl");
  const term = new TestTerminal(process.execPath, [HARNESS, "--record", record, ...args], { cols: 100, rows: 30, ...options });
  open.push(term);
  const calls = (): unknown[] => (existsSync(record) ? readFileSync(record, "utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown) : []);
  return { term, calls };
}

const called = (calls: () => unknown[], call: string, args: unknown[]): boolean => calls().some((c) => JSON.stringify(c) === JSON.stringify({ call, args }));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

afterEach(() => {
  for (const term of open.splice(0)) term.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a workspace a person can trust", () => {
  it("scrolls to the first full page on g, stays there while lines arrive, and follows again on G", async () => {
    const { term } = start(["--script", "long"]);
    await term.waitFor("more 2");
    term.write("g");
    const top = await term.waitFor(/new lines below, G follows/);
    const rows = top.split("\n");
    const first = rows.findIndex((row) => row.includes("> Write failing tests for R1"));
    expect(rows.slice(first + 1, first + 4).map((row) => row.slice(1, 9))).toEqual(["line 001", "line 002", "line 003"]);
    const below = Number(/(\d+) new lines below/.exec(top)![1]);
    // More lines arrive: the page does not move, and the count below grows.
    await term.waitFor(new RegExp(`(${below + 2}|${below + 3}|${below + 4}|${below + 5}) new lines below`));
    expect(await term.text()).toContain("line 001");
    term.write(KEYS.pageUp);
    expect(await term.text()).toContain("line 001");
    term.write("G");
    await term.waitFor(/^(?![\s\S]*line 001)(?![\s\S]*new lines below)[\s\S]*more \d+/);
  });

  it("keeps a multi-line paste containing q and y as text in the message box", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.write("x1m");
    await term.waitFor("Message qa");
    term.write(paste("looks good\nthen q check\ny"));
    await term.waitFor("then q check");
    expect(await term.inAlternateBuffer()).toBe(true);
    term.write(KEYS.enter);
    await until(() => called(calls, "sendMessage", ["qa", "looks good\nthen q check\ny"]), "the pasted message");
    term.write(paste("q"));
    await term.waitFor("paste ignored");
    expect(calls().some((c) => JSON.stringify(c).includes("closed"))).toBe(false);
  });

  it("closes a dialog on Esc without touching the agent, and asks before Esc cancels a running turn", async () => {
    const { term, calls } = start(["--script", "long"]);
    await term.waitFor(/1 qa \| thinking/);
    term.write("?");
    await term.waitFor("this help (any key closes)");
    term.write(KEYS.escape);
    await term.waitFor(/^(?![\s\S]*this help)/);
    term.write(KEYS.escape);
    await term.waitFor("Cancel qa's turn? (y/n)");
    term.write(KEYS.escape);
    await term.waitFor(/^(?![\s\S]*Cancel qa's turn)/);
    term.write("m");
    await term.waitFor("Message qa");
    term.write(KEYS.escape);
    await term.waitFor(/^(?![\s\S]*Message qa)/);
    expect(calls().some((c) => JSON.stringify(c).includes("cancelAgent"))).toBe(false);
    term.write(KEYS.escape);
    await term.waitFor("Cancel qa's turn? (y/n)");
    term.write("y");
    await until(() => called(calls, "cancelAgent", ["qa"]), "the confirmed cancel");
  });

  it("keeps the selected inbox item selected while others come and go, and names kinds in words", async () => {
    const { term, calls } = start(["--script", "inbox"]);
    await term.waitFor("WAITING: approval R1 +1 (i)");
    term.write("i");
    const list = await term.waitFor("blocked: R2 tests still fail");
    expect(list).not.toContain("escalation-");
    term.write(KEYS.down);
    await term.waitFor("a answer and resume  s skip  d diff");
    // Pausing makes the harness resolve the first item and add two more while the second is selected.
    term.write("p");
    await term.waitFor("approval R4");
    term.write("s");
    await until(() => called(calls, "skip", ["escalation-R2-2"]), "skip of the selected item");
    term.write(KEYS.enter);
    await term.waitFor(/question R3[\s\S]*Should divide by zero throw\?[\s\S]*a answer  Esc close/);
  });

  it("rings the bell when an item arrives, unless turned off, and sends OSC 9 when asked to", async () => {
    const { term } = start(["--script", "inbox"], { env: { GREENLIGHT_NOTIFY: "osc9" } });
    await term.waitFor("WAITING: approval R1");
    await until(() => term.bells >= 2, "two bells");
    expect(term.output).toContain("\x1b]9;greenlight: approval R1: R1 Add: the reviewer approved it.\x07");
    const quiet = start(["--script", "inbox"], { env: { GREENLIGHT_BELL: "off", GREENLIGHT_NOTIFY: "off" } }).term;
    await quiet.waitFor("WAITING: approval R1");
    expect(quiet.bells).toBe(0);
    expect(quiet.output).not.toContain("\x1b]9;");
  });

  it("shows the focused agent's diff on d, coloured and closable, and refuses a diff that does not exist", async () => {
    const { term, calls } = start();
    await term.waitFor("done: incomplete");
    term.write("x1d");
    const diff = await term.waitFor(/Diff of R1[\s\S]*\+  return a \+ b;/);
    expect(diff).toContain("-  return 0;");
    expect(term.output).toMatch(/\x1b\[3[12]m|\x1b\[38;5;(2|9|10|1)m/);
    term.write(KEYS.escape);
    await term.waitFor(/1 qa \|/);
    expect(called(calls, "diff", ["R1"])).toBe(true);
  });

  it("keeps the key hints at 80x24", async () => {
    const { term } = start([], { cols: 80, rows: 24 });
    const screen = await term.waitFor("done: incomplete");
    expect(screen.split("\n").at(-1)?.trimEnd()).toBe("done: incomplete | 1 waiting | ? help i inbox t tasks x matrix h handoff q quit");
  });

  it("refuses a message to an agent the provider cannot serve before anything is typed", async () => {
    const { term, calls } = start(["--refuse", "reviewer"]);
    await term.waitFor("done: incomplete");
    term.write("x3m");
    await term.waitFor("no turns for agent 'reviewer'");
    expect(await term.text()).not.toContain("Message reviewer");
    expect(calls().some((c) => JSON.stringify(c).includes("sendMessage"))).toBe(false);
  });
});
