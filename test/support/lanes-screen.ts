import { expect } from "vitest";
import type { TestTerminal } from "./terminal.js";

/**
 * The screen once a frame has landed whole (a frame can reach the terminal in more than one chunk); a
 * screen that never rests (a live run streaming) is taken as it is after a few tries.
 */
export async function settledScreen(term: TestTerminal): Promise<string[]> {
  let last = await term.screen();
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((done) => setTimeout(done, 60));
    const now = await term.screen();
    if (now.join("\n") === last.join("\n")) return now;
    last = now;
  }
  return last;
}

/** A lane's row: the focus mark, the id, ..., then elapsed, cost and tokens at its end. */
const laneRow = (id: string): RegExp => new RegExp(`^[> ] ${id} .*\\d+(\\.\\d)?k? tok$`);

/**
 * What a workspace running `requirements` in parallel lanes must show, whoever drives it (the harness's
 * replayed run now, a real `greenlight run --parallel 4` later): one row per lane at the top, one line
 * each, then the merge queue's line, then the focused lane's agent panes, and the status bar at the
 * bottom, all inside the terminal. Returns the screen's rows, right-trimmed.
 */
export async function expectLanesOnScreen(term: TestTerminal, requirements: string[]): Promise<string[]> {
  await term.waitFor(new RegExp(`${requirements.map((id) => `${id} .*tok`).join("[\\s\\S]*")}[\\s\\S]*merge queue:[\\s\\S]*\\| \\? help`));
  // blessed writes a row's blanks as spaces, which the terminal keeps.
  const rows = (await settledScreen(term)).map((row) => row.trimEnd());
  requirements.forEach((id, index) => expect(rows[index], `row ${index}`).toMatch(laneRow(id)));
  expect(rows.filter((row) => row.startsWith(">"))).toHaveLength(1);
  expect(rows[requirements.length]).toMatch(/^merge queue: /);
  // The panes start right under the queue's line and end above the notice line and the status bar.
  expect(rows[requirements.length + 1]).toMatch(/^[┌┏+#]/);
  expect(rows.at(-3)).toMatch(/^[└┗+#]/);
  expect(rows.at(-1)).toMatch(/\| \? help/);
  return rows;
}

/** Presses `]` until `requirement`'s lane is the focused one, and waits for its panes to show. */
export async function focusLane(term: TestTerminal, requirement: string, lanes: number): Promise<string> {
  for (let press = 0; press <= lanes; press++) {
    const rows = await settledScreen(term);
    if (rows.some((row) => row.startsWith(`> ${requirement} `))) {
      await term.waitFor(new RegExp(`1 \\S+ ${requirement} \\|`));
      return (await settledScreen(term)).join("\n");
    }
    term.write("]");
    await term.waitFor(new RegExp(`^> (?!${rows.find((row) => row.startsWith(">"))?.split(" ")[1]})`, "m"));
  }
  throw new Error(`${requirement}'s lane never took the focus`);
}
