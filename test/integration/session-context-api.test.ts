import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer, type RecordedRequest } from "../support/fake-messages-server.js";
import { runCli } from "../support/run-cli.js";

/**
 * What every request carries besides the agent's body: the project instruction files and the environment
 * block, checked in the requests the real SDK sends to a local Messages API server.
 */

const TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { greet } from "../src/greet.js";\ntest("greets by name", () => assert.equal(greet("Ada"), "Hello, Ada!"));\n`;
const FILLER = "Keep functions small and name them for what they return.\n".repeat(700);

let root: string;
let project: string;
let server: FakeMessagesServer;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "greenlight-context-"));
  project = join(root, "project");
  await mkdir(join(project, "src"), { recursive: true });
  await mkdir(join(project, "docs"));
  await mkdir(join(project, ".github/instructions"), { recursive: true });
  // The test folder is named: node --test would otherwise follow docs/link.md, which points outside the project (out of the sandbox's sight).
  await writeFile(join(project, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test test/" } }));
  await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n");
  await writeFile(join(root, "outside.md"), "MARK-OUTSIDE secret notes\n");
  await writeFile(join(project, "CLAUDE.md"), "MARK-CLAUDE use ES modules.\nStyle: @docs/style.md\nAlso @../outside.md and @docs/link.md and @AGENTS.md\n");
  await writeFile(join(project, "docs/style.md"), "MARK-STYLE two-space indent. More in @nested.md\n");
  await writeFile(join(project, "docs/nested.md"), "MARK-NESTED no default exports.\n");
  await symlink(join(root, "outside.md"), join(project, "docs/link.md"));
  await writeFile(join(project, "AGENTS.md"), "MARK-AGENTS run npm test before finishing.\n");
  await writeFile(join(project, ".github/copilot-instructions.md"), `MARK-COPILOT\n${FILLER}MARK-COPILOT-END\n`);
  await writeFile(join(project, ".github/instructions/tests.instructions.md"), '---\napplyTo: "test/**/*.js"\n---\nMARK-SCOPED-TESTS use node:test.\n');
  await writeFile(join(project, ".github/instructions/python.instructions.md"), '---\napplyTo: "**/*.py"\n---\nMARK-SCOPED-PYTHON use pytest.\n');
});
afterEach(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string>) => runCli(args, { GREENLIGHT_MODEL: "", ...env });

const systemOf = (request: RecordedRequest): string => (request.body.system as Array<{ text: string }>).map((block) => block.text).join("\n");
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
};

describe("the context every agent's requests carry", () => {
  it("gives every role each instruction file once, scoped files only when they match, imports confined, a cut note, the environment, and a warm cache", async () => {
    server = await startFakeMessagesServer([
      reply([toolUse("toolu_1", "Write", { file_path: "test/greet.test.js", content: TEST })]),
      reply([text("Tests written.")]),
      reply([toolUse("toolu_2", "Write", { file_path: "src/greet.js", content: "export const greet = (name) => `Hello, ${name}!`;\n" })]),
      reply([text("Implemented.")]),
      reply([toolUse("toolu_3", "ReviewVerdict", { verdict: "approve", summary: "Simple and correct." })]),
      reply([text("Approved.")]),
    ]);
    const env = { ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "sk-test-not-a-real-key", CI: "true" };
    expect((await cli(["plan", join(project, "SPEC.md"), "--project", project], env)).code).toBe(0);
    const result = await cli(["run", "--headless", "--project", project], env);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(server.requests).toHaveLength(6);

    const systems = server.requests.map(systemOf);
    for (const system of systems) {
      for (const mark of ["MARK-CLAUDE", "MARK-STYLE", "MARK-NESTED", "MARK-AGENTS", "MARK-COPILOT\n"]) expect(count(system, mark), mark).toBe(1);
      expect(system.indexOf("MARK-CLAUDE")).toBeLessThan(system.indexOf("MARK-AGENTS"));
      expect(system.indexOf("MARK-AGENTS")).toBeLessThan(system.indexOf("MARK-COPILOT"));
      expect(system).toContain('<instructions file="docs/nested.md" imported-by="docs/style.md">');
      expect(system).not.toContain("MARK-OUTSIDE");
      expect(system).not.toContain("MARK-COPILOT-END");
      expect(system).toMatch(/\[greenlight cut \.github\/copilot-instructions\.md here: 32768 of its \d+ bytes are included/);
      expect(system).not.toContain("MARK-SCOPED-PYTHON");
      expect(system).toContain(`Today's date: ${today()}`);
      expect(system).toContain(`Platform: ${process.platform} `);
      expect(system).toContain(`Project folder: ${project}`);
      expect(system).toContain("Test command: `npm test`");
    }
    // The scoped file applies once the requirement has test/greet.test.js: from the backend on, not QA's first session.
    expect(systems.map((system) => count(system, "MARK-SCOPED-TESTS"))).toEqual([0, 0, 1, 1, 1, 1]);
    expect(systems[0]).toMatch(/You are QA \(qa\) in a greenlight run, working on REQ-001: Greeting/);
    expect(systems[0]).toMatch(/Locked test files .*: none yet/);
    expect(systems[2]).toMatch(/You are the backend \(backend\)/);
    expect(systems[2]).toMatch(/Locked test files .*: test\/greet\.test\.js/);
    expect(systems[4]).toMatch(/Call ReviewVerdict exactly once/);
    // Within a session the system prompt never changes, so the cache holds across its turns.
    expect(systems[1]).toBe(systems[0]);
    expect(systems[3]).toBe(systems[2]);
    expect(systems[5]).toBe(systems[4]);

    const stateDir = join(project, ".greenlight/state/runs");
    const [log] = await readdir(stateDir);
    const turns = (await readFile(join(stateDir, log!), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; turn?: number; usage?: Record<string, number> })
      .filter((event) => event.type === "turn_finished" && event.turn! > 1);
    expect(turns).toHaveLength(3);
    for (const { usage } of turns) {
      const share = usage!.cacheReadInputTokens! / (usage!.inputTokens! + usage!.cacheReadInputTokens! + usage!.cacheCreationInputTokens!);
      expect(share).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("gives an agent run alone the instructions and an environment block without pipeline rules, and turns a file off by greenlight.json", async () => {
    await writeFile(join(project, "greenlight.json"), JSON.stringify({ instructions: { exclude: ["AGENTS.md"] } }));
    server = await startFakeMessagesServer([reply([text("Hello.")])]);
    const env = { ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "sk-test-not-a-real-key" };
    const result = await cli(["agent", "backend", "--prompt", "say hello", "--project", project], env);
    expect(result.code, result.stderr).toBe(0);
    const system = systemOf(server.requests[0]!);
    expect(count(system, "MARK-CLAUDE")).toBe(1);
    expect(system).not.toContain("MARK-AGENTS");
    expect(system).toContain("run alone (greenlight agent): no pipeline is running");
    expect(system).toContain(`Today's date: ${today()}`);
    expect(server.requests[0]!.body.system).toHaveLength(2);
  });

  it("shows in `agents show` the files an agent gets, their sizes, what was left out and why, and its environment block", async () => {
    const result = await cli(["agents", "show", "reviewer", "--project", project], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^project instructions: 5 file\(s\), [\d,]+ bytes in the system prompt$/m);
    expect(result.stdout).toMatch(/^ {2}CLAUDE\.md {2}\d+ bytes$/m);
    expect(result.stdout).toMatch(/^ {2}docs\/nested\.md {2}\d+ bytes \(imported by docs\/style\.md\)$/m);
    expect(result.stdout).toMatch(/^ {2}\.github\/copilot-instructions\.md {2}[\d,]+ bytes \(cut to 32,\d+ bytes \(file cap\)\)$/m);
    expect(result.stdout).toMatch(/^ {2}left out: \.\.\/outside\.md \(imported by CLAUDE\.md\): refused: outside the project$/m);
    expect(result.stdout).toMatch(/^ {2}left out: docs\/link\.md \(imported by CLAUDE\.md\): refused: symlink out of the project$/m);
    expect(result.stdout).toMatch(/^ {2}left out: \.github\/instructions\/python\.instructions\.md: applyTo "\*\*\/\*\.py" matches/m);
    expect(result.stdout).toContain("You are the reviewer (reviewer) in a greenlight run.");
    expect(result.stdout).toContain("Call ReviewVerdict exactly once");
  });
});
