import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, personEnv } from "../support/greenlight-cli.js";
import { KEYS, TestTerminal } from "../support/terminal.js";
import { committed, NODE_PROJECT, projectWith } from "../support/temp-projects.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function initAnswering(answer: string): Promise<string> {
  dir = committed(projectWith(NODE_PROJECT, "greenlight-init-tty-"));
  const terminal = new TestTerminal(process.execPath, [CLI, "init"], { cwd: dir, env: personEnv() });
  await terminal.waitFor("Add /.greenlight/state/ (greenlight's task list and run logs) to .gitignore? [Y/n]");
  terminal.write(`${answer}${KEYS.enter}`);
  expect(await terminal.exited).toBe(0);
  return terminal.text();
}

describe("greenlight init in a terminal", () => {
  it("asks before adding the state folder to .gitignore, and adds it on yes", async () => {
    expect(await initAnswering("y")).toContain(".gitignore: added /.greenlight/state/");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toContain("/.greenlight/state/\n");
  });

  it("leaves .gitignore alone on no", async () => {
    expect(await initAnswering("n")).toContain(".gitignore: not changed (add /.greenlight/state/ yourself");
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
  });
});
