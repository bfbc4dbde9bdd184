import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/** The demo project run with `--approve each` in a real terminal: the person approves each requirement from the inbox. */

const REPO = resolve(import.meta.dirname, "../..");
const MAIN = join(REPO, "dist/main.js");
const EXAMPLE = join(REPO, "examples/calculator");
let project: string | undefined;
let term: TestTerminal | undefined;

afterEach(() => {
  term?.kill("SIGKILL");
  term = undefined;
  if (project) rmSync(project, { recursive: true, force: true });
  project = undefined;
});

describe("greenlight run --approve each in a terminal", () => {
  it("waits in the inbox after each approved requirement and goes on when the person approves", { timeout: 120_000 }, async () => {
    project = mkdtempSync(join(tmpdir(), "greenlight-approve-"));
    cpSync(EXAMPLE, project, { recursive: true, filter: (source) => !source.includes("cassettes") });
    expect(spawnSync(process.execPath, [MAIN, "plan", join(project, "SPEC.md"), "--project", project]).status).toBe(0);
    term = new TestTerminal(process.execPath, [MAIN, "run", "--project", project, "--cassette", join(EXAMPLE, "cassettes/demo.json"), "--pace", "0", "--approve", "each"], { cols: 120, rows: 36, env: { CI: "true" } });
    for (const approved of [1, 2, 3]) {
      // The task is approved by the reviewer first; the run then waits for the person.
      await term.waitFor(`WAITING: approval REQ-00${approved}`, 60_000);
      // The inbox view stays open after an approval; i toggles it.
      if (!(await term.text()).includes("Inbox.")) term.write("i");
      await term.waitFor(new RegExp(`> approval REQ-00${approved}: REQ-00${approved} .*the reviewer approved it`));
      term.write("a");
      await term.waitFor(new RegExp(`^(?![\\s\\S]*WAITING: approval REQ-00${approved})`));
    }
    await term.waitFor("done: approved", 60_000);
    term.write("q");
    expect(await term.exited).toBe(0);
    const matrix = JSON.parse(readFileSync(join(project, ".greenlight/state/traceability_matrix.json"), "utf8")) as { requirements: Array<{ status: string }> };
    expect(matrix.requirements.map((row) => row.status)).toEqual(["approved", "approved", "approved"]);
  });
});
