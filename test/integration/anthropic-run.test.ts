import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";
import { runCli } from "../support/run-cli.js";

/** `greenlight run --headless` through the real SDK against a local Messages API server (ANTHROPIC_BASE_URL). */

const TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { greet } from "../src/greet.js";\ntest("greets by name", () => assert.equal(greet("Ada"), "Hello, Ada!"));\n`;

let project: string;
let server: FakeMessagesServer;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "greenlight-api-"));
  await mkdir(join(project, "src"));
  await writeFile(join(project, "package.json"), JSON.stringify({ type: "module", scripts: { test: "node --test" } }));
  await writeFile(join(project, "SPEC.md"), "## REQ-001: Greeting\n`greet(name)` returns `Hello, <name>!`.\n");
});
afterEach(async () => {
  await server?.close();
  await rm(project, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

describe("greenlight run against an Anthropic-compatible server", () => {
  it("takes a requirement to approved through the real SDK", async () => {
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
    expect(result.stdout).toMatch(/REQ-001 red gate PASSED/);
    expect(result.stdout).toMatch(/1\/1 approved/);
    expect(server.requests).toHaveLength(6);
    const matrix = JSON.parse(await readFile(join(project, ".greenlight/state/traceability_matrix.json"), "utf8"));
    expect(matrix.requirements[0]).toMatchObject({ status: "approved", tests: { files: ["test/greet.test.js"], names: ["test/greet.test.js::greets by name"] }, code: ["src/greet.js"] });
    expect(JSON.stringify(server.requests.map((request) => request.body))).not.toContain("sk-test-not-a-real-key");
  });
});
