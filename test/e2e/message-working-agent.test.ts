import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";
import { KEYS, TestTerminal } from "../support/terminal.js";

/**
 * A real `greenlight run` in a real terminal, through the real SDK against a local Messages API server:
 * while QA's Bash call waits, the person messages QA three times and withdraws the last; the first two
 * reach the model after the tool result, in the order typed, and the withdrawn one never does.
 */

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { greet } from "../src/greet.js";\ntest("greets by name", () => assert.equal(greet("Ada"), "Hello, Ada!"));\n`;
// The command waits until the test says so: the agent is working for exactly as long as the test needs.
const WAIT = "while [ ! -e release ]; do sleep 0.05; done; echo released";

let project: string | undefined;
let server: FakeMessagesServer | undefined;
let term: TestTerminal | undefined;
afterEach(async () => {
  term?.kill("SIGKILL");
  term = undefined;
  await server?.close();
  server = undefined;
  if (project) await rm(project, { recursive: true, force: true });
  project = undefined;
});

type Body = { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };

describe("a message to a working agent", () => {
  it("is queued while the agent works, delivered after its tool result in the order typed, and withdrawn with Esc", { timeout: 120_000 }, async () => {
    project = await mkdtemp(join(tmpdir(), "greenlight-message-"));
    await mkdir(join(project, "src"));
    await writeFile(join(project, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
    await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n");
    server = await startFakeMessagesServer([
      reply([text("Checking the project first."), toolUse("toolu_1", "Bash", { command: WAIT })]),
      reply([toolUse("toolu_2", "Write", { file_path: "test/greet.test.js", content: TEST })]),
      reply([text("Tests written.")]),
      reply([toolUse("toolu_3", "Write", { file_path: "src/greet.js", content: "export const greet = (name) => `Hello, ${name}!`;\n" })]),
      reply([text("Implemented.")]),
      reply([toolUse("toolu_4", "ReviewVerdict", { verdict: "approve", summary: "Simple and correct." })]),
      reply([text("Approved.")]),
    ]);
    const env = { ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "sk-test-not-a-real-key", CI: "true" };
    expect(spawnSync(process.execPath, [MAIN, "plan", join(project, "SPEC.md"), "--project", project], { env: { ...process.env, ...env } }).status).toBe(0);
    term = new TestTerminal(process.execPath, [MAIN, "run", "--project", project], { cols: 160, rows: 40, env });
    await term.waitFor(/1 qa \| running Bash/, 60_000);

    for (const message of ["first: use node:test", "second: name it greet.test.js", "third: withdraw me"]) {
      term.write("m");
      await term.waitFor("Message qa (working: delivered after its current step)");
      term.write(message + KEYS.enter);
      await term.waitFor(`queued: ${message}`);
    }
    term.write("m");
    await term.waitFor("Up picks a queued message to withdraw");
    term.write(KEYS.up);
    await term.waitFor("Esc withdraws the picked message");
    term.write(KEYS.escape);
    await term.waitFor("message withdrawn: third: withdraw me");
    term.write(KEYS.escape);
    const queued = await term.waitFor(/queued: first: use node:test[\s\S]*queued: second: name it greet\.test\.js/);
    expect(queued).not.toContain("queued: third");
    expect(server.requests).toHaveLength(1);

    await writeFile(join(project, "release"), "");
    const delivered = await term.waitFor(/Bash .*-> exit 0[\s\S]*> first: use node:test[\s\S]*> second: name it greet\.test\.js/, 60_000);
    expect(delivered).not.toContain("queued: first");
    await term.waitFor("done: approved", 60_000);
    term.write("q");
    expect(await term.exited).toBe(0);

    const afterTool = (server.requests[1]!.body as Body).messages.at(-1)!;
    expect(afterTool.role).toBe("user");
    expect(afterTool.content.map((block) => (block.type === "text" ? `text ${String(block.text)}` : `${String(block.type)} ${String(block.tool_use_id)}`))).toEqual([
      "tool_result toolu_1",
      "text first: use node:test",
      "text second: name it greet.test.js",
    ]);
    expect(server.requests.map((request) => request.rawBody).join("\n")).not.toContain("third: withdraw me");

    const logs = join(project, ".greenlight/state/runs");
    const events = (await readFile(join(logs, (await readdir(logs))[0]!), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const states = events.filter((event) => event.type === "agent_message").map((event) => `${String(event.text)}: ${String(event.state)}`);
    expect(states).toEqual([
      "first: use node:test: queued",
      "second: name it greet.test.js: queued",
      "third: withdraw me: queued",
      "third: withdraw me: withdrawn",
      "first: use node:test: delivered",
      "second: name it greet.test.js: delivered",
    ]);
    const deliveredAt = events.findIndex((event) => event.type === "agent_message" && event.state === "delivered");
    const toolDoneAt = events.findIndex((event) => event.type === "tool_finished" && event.toolUseId === "toolu_1");
    expect(toolDoneAt).toBeGreaterThan(-1);
    expect(deliveredAt).toBeGreaterThan(toolDoneAt);
  });
});
