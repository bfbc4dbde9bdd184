import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/**
 * `greenlight plan BRIEF.md --draft` with a person at a real terminal: the planner's question waits in
 * the workspace's inbox, the draft opens in their $EDITOR, and only their yes plans it.
 */

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const FIXTURES = resolve(import.meta.dirname, "../fixtures/briefs");
let project: string | undefined;
let term: TestTerminal | undefined;

afterEach(() => {
  term?.kill("SIGKILL");
  term = undefined;
  if (project) rmSync(project, { recursive: true, force: true });
  project = undefined;
});

describe("the planner at a terminal", () => {
  it("asks the person through the inbox, opens the draft in $EDITOR, and plans it once they approve", { timeout: 60_000 }, async () => {
    project = mkdtempSync(join(tmpdir(), "greenlight-draft-"));
    writeFileSync(join(project, "BRIEF.md"), readFileSync(join(FIXTURES, "photo-albums.md")));
    const draft = readFileSync(join(FIXTURES, "photo-albums.draft.md"), "utf8");
    const cassette = join(project, "planner.cassette.json");
    writeFileSync(
      cassette,
      JSON.stringify({
        version: 1,
        scripts: [
          {
            agent: "planner",
            turns: [
              { content: [{ type: "tool_use", id: "toolu_1", name: "AskHuman", input: { question: "Should albums be shared with family now?" } }] },
              { content: [{ type: "tool_use", id: "toolu_2", name: "Write", input: { file_path: "specs/brief/requirements.md", content: draft } }] },
              { content: [{ type: "text", text: "Draft written." }] },
            ],
          },
        ],
      }),
    );
    // The person's editor: renames the requirement, as a person editing the draft would.
    const editor = join(project, "edit.sh");
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/Create albums/Create named albums/' "$1"\n`);
    chmodSync(editor, 0o755);

    term = new TestTerminal(process.execPath, [MAIN, "plan", "BRIEF.md", "--draft", "--cassette", cassette, "--project", project], {
      cwd: project,
      env: { CI: undefined, EDITOR: editor, VISUAL: undefined },
    });
    await term.waitFor(/WAITING: question.* from planner/, 30_000);
    term.write("i");
    await term.waitFor("Should albums be shared with family now?");
    term.write("\r");
    await term.waitFor("a answer");
    term.write("a");
    await term.waitFor("Answer");
    term.write("Later, not now\r");
    await term.waitFor(/Plan [\s\S]*specs\/brief\/requirements\.md now\?\s*\[y\/N\]/);
    expect(readFileSync(join(project, "specs/brief/requirements.md"), "utf8")).toContain("### Requirement 1: Create named albums");
    term.write("y\r");
    await term.waitFor("1 added");
    expect(await term.exited).toBe(0);
    const tasks = JSON.parse(readFileSync(join(project, ".greenlight/state/task_list.json"), "utf8")) as { requirements: { id: string; title: string }[] };
    expect(tasks.requirements.map((requirement) => [requirement.id, requirement.title])).toEqual([["brief/REQ-1", "Create named albums"]]);
  });
});
