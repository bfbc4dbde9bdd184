import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestTerminal } from "../support/terminal.js";

/**
 * The demo project with an opencode backend whose `npm test` asks first: in a real terminal the call
 * waits in the inbox with the exact command and the agent's reason until the person allows it.
 */

const REPO = resolve(import.meta.dirname, "../..");
const MAIN = join(REPO, "dist/main.js");
const EXAMPLE = join(REPO, "examples/calculator");
const BACKEND = `---
description: Makes the failing tests pass
permission:
  bash:
    "*": allow
    "npm test*": ask
---

You implement what the tests ask for.
`;
let project: string | undefined;
let term: TestTerminal | undefined;

afterEach(() => {
  term?.kill("SIGKILL");
  term = undefined;
  if (project) rmSync(project, { recursive: true, force: true });
  project = undefined;
});

describe("an ask in the workspace", () => {
  it("waits in the inbox with the command and the agent's reason; allowing it runs the command", { timeout: 120_000 }, async () => {
    project = mkdtempSync(join(tmpdir(), "greenlight-permission-"));
    cpSync(EXAMPLE, project, { recursive: true, filter: (source) => !source.includes("cassettes") });
    mkdirSync(join(project, ".opencode/agent"), { recursive: true });
    writeFileSync(join(project, ".opencode/agent/backend.md"), BACKEND);
    expect(spawnSync(process.execPath, [MAIN, "plan", join(project, "SPEC.md"), "--project", project]).status).toBe(0);
    term = new TestTerminal(process.execPath, [MAIN, "run", "--project", project, "--cassette", join(EXAMPLE, "cassettes/demo.json"), "--pace", "0"], { cols: 160, rows: 40, env: { CI: "true" } });
    await term.waitFor(/1 waiting/, 60_000);
    term.write("i");
    await term.waitFor(/permission REQ-001 from backend: Bash npm test needs your permission/);
    term.write("\r");
    const detail = await term.waitFor(/Reason: The test file/);
    expect(detail).toMatch(/bash "npm test\*": ask/);
    expect(detail).toMatch(/a allow once +s allow for the session +r deny with a note/);
    term.write("a");
    await term.waitFor("done: approved", 60_000);
    term.write("q");
    expect(await term.exited).toBe(0);
    const logs = join(project, ".greenlight/state/runs");
    const events = readFileSync(join(logs, readdirSync(logs)[0]!), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const decided = events.find((event) => event["type"] === "permission_decided");
    expect(decided).toMatchObject({ agent: "backend", tool: "Bash", subject: "npm test", decision: "allow", by: "person" });
    const index = events.indexOf(decided!);
    expect(events.slice(index).find((event) => event["type"] === "tool_finished")).toMatchObject({ tool: "Bash", summary: "exit 0" });
    expect(events).toContainEqual(expect.objectContaining({ type: "inbox_resolved", resolution: "allowed once" }));
    const asked = events.find((event) => event["type"] === "inbox_added" && (event["item"] as { kind: string }).kind === "permission");
    expect(asked).toMatchObject({
      item: { agent: "backend", permission: { tool: "Bash", subject: "npm test", reason: "The test file is locked, so I'll implement the code instead.", rules: ['bash "npm test*": ask (permission.bash in .opencode/agent/backend.md)'] } },
    });
  });
});
