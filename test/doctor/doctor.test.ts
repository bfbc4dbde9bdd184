import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeMessagesServer, STRICT_API_KEY, type FakeMessagesServer } from "../support/fake-messages-server.js";
import { greenlight, personEnv } from "../support/greenlight-cli.js";
import { pathWithout } from "../support/path-without-program.js";
import { committed, NODE_PROJECT, projectWith, PYTHON_PROJECT, UNTESTED_PROJECT, writeFiles } from "../support/temp-projects.js";

const MEMORY_SERVER = resolve(import.meta.dirname, "../../node_modules/@modelcontextprotocol/server-memory/dist/index.js");
let server: FakeMessagesServer;
let dirs: string[] = [];

beforeAll(async () => {
  server = await startFakeMessagesServer([], { strict: true });
});
afterAll(() => server.close());
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(files: Record<string, string>): string {
  const dir = projectWith(files, "greenlight-doctor-");
  dirs.push(dir);
  return dir;
}

const withKey = (key = STRICT_API_KEY, extra: NodeJS.ProcessEnv = {}) => personEnv({ ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: server.baseURL, ...extra });

async function doctor(dir: string, env = withKey()) {
  const result = await greenlight(["doctor"], { cwd: dir, env });
  const line = (name: string) => result.stdout.split("\n").find((text) => new RegExp(`^(ok|warn|FAIL)\\s+${name}\\s`).test(text)) ?? `(no ${name} line in)\n${result.stdout}`;
  return { ...result, line };
}

describe("greenlight doctor", () => {
  it("passes a committed node project with a key the Models API takes: one line per check, exit 0", async () => {
    const dir = committed(project(NODE_PROJECT));
    const result = await doctor(dir);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.line("node")).toMatch(/^ok\s+node\s+Node \d+\.\d+/);
    expect(result.line("git")).toMatch(/^ok\s+git\s+repository .* on main, clean/);
    expect(result.line("api key")).toMatch(/^ok\s+api key\s+ANTHROPIC_API_KEY set \(\d+ characters\), requests go to gateway http:\/\/127\.0\.0\.1/);
    expect(result.stdout).not.toContain(STRICT_API_KEY);
    expect(result.line("test command")).toMatch(/^ok\s+test command\s+"npm test" \(detected\), npm at /);
    expect(result.line("agents")).toMatch(/^ok\s+agents\s+qa: qa, backend: backend, reviewer: reviewer/);
    expect(result.line("mcp servers")).toMatch(/^ok\s+mcp servers\s+none configured/);
    expect(result.line("model claude-sonnet-5-5")).toMatch(/^(ok|warn)\s+model claude-sonnet-5-5\s+window \d+k tokens, output up to \d+k/);
    expect(server.modelLookups.some((lookup) => lookup.path.includes("/v1/models/claude-sonnet-5-5"))).toBe(true);
    expect(result.stdout.trim().split("\n").at(-1)).toBe("greenlight run can go.");
  });

  it("fails on a wrong API key, saying the key was refused, exit 1", async () => {
    const dir = committed(project(NODE_PROJECT));
    const result = await doctor(dir, withKey("sk-ant-wrong"));
    expect(result.status).toBe(1);
    expect(result.line("model claude-sonnet-5-5")).toMatch(/^FAIL\s+model claude-sonnet-5-5\s+Models API lookup failed: 401 .*-> the key was refused: check ANTHROPIC_API_KEY/);
    expect(result.stdout).toMatch(/greenlight run cannot go yet: 1 FAIL line to fix first\.$/m);
  });

  it("fails without a key, and greenlight run then points at doctor", async () => {
    const dir = committed(project({ ...NODE_PROJECT, "SPEC.md": "## REQ-001: Total\nThe cart total.\n" }));
    const result = await doctor(dir, personEnv());
    expect(result.status).toBe(1);
    expect(result.line("api key")).toMatch(/^FAIL\s+api key\s+neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set\s+-> export ANTHROPIC_API_KEY=/);
    expect(result.line("model claude-sonnet-5-5")).toMatch(/not checked: no API key/);
    expect((await greenlight(["plan", "SPEC.md"], { cwd: dir })).status).toBe(0);
    const run = await greenlight(["run", "--headless"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("greenlight doctor checks the whole setup");
  });

  it("warns where bubblewrap is missing, and fails when greenlight.json requires the sandbox", async () => {
    const dir = committed(project(NODE_PROJECT));
    const path = pathWithout(join(dir, "..", `${dir.split("/").at(-1)}-bin`), ["bwrap"]);
    dirs.push(path);
    const missing = await doctor(dir, withKey(STRICT_API_KEY, { PATH: path }));
    expect(missing.status, missing.stdout).toBe(0);
    expect(missing.line("sandbox")).toMatch(/^warn\s+sandbox\s+bubblewrap \(bwrap\) is not installed: commands would run unconfined\s+-> sudo apt-get install bubblewrap/);
    writeFiles(dir, { "greenlight.json": '{ "sandbox": "required" }\n' });
    const required = await doctor(dir, withKey(STRICT_API_KEY, { PATH: path }));
    expect(required.status).toBe(1);
    expect(required.line("sandbox")).toMatch(/^FAIL\s+sandbox\s+bubblewrap \(bwrap\) is not installed, and greenlight.json requires the sandbox\s+-> sudo apt-get install bubblewrap/);
  });

  it("in a Python project: the detected pytest is importable; a test module that is not, fails", async () => {
    const dir = committed(project(PYTHON_PROJECT));
    expect((await doctor(dir)).line("test command")).toMatch(/^ok\s+test command\s+"python3 -m pytest" \(detected\), python3 at /);
    writeFiles(dir, { "greenlight.json": '{\n  // our runner\n  "testCommand": "python3 -m no_such_runner_xyz",\n}\n' });
    const result = await doctor(dir);
    expect(result.status).toBe(1);
    expect(result.line("test command")).toMatch(/^FAIL\s+test command\s+"python3 -m no_such_runner_xyz" \(greenlight.json\): python3 cannot import no_such_runner_xyz\s+-> python3 -m pip install/);
  });

  it("in a project without tests: fails on the test command, naming the key to set", async () => {
    const result = await doctor(committed(project(UNTESTED_PROJECT)));
    expect(result.status).toBe(1);
    expect(result.line("test command")).toMatch(/^FAIL\s+test command\s+none set and none detected .*-> set "testCommand" in greenlight.json/);
  });

  it("outside git: a warning with the commands to start a repository, still exit 0", async () => {
    const result = await doctor(project(NODE_PROJECT));
    expect(result.status, result.stdout).toBe(0);
    expect(result.line("git")).toMatch(/^warn\s+git\s+the project is not in a git repository.*-> git init && git add -A && git commit -m start/);
  });

  it("names a bad greenlight.json key, a missing role agent, agent warnings and an MCP server that does not start", async () => {
    const dir = committed(project({ ...NODE_PROJECT, "greenlight.json": '{ "roles": { "qa": "tester" } }\n', ".claude/agents/broken.md": "no frontmatter\n" }));
    const roles = await doctor(dir);
    expect(roles.status).toBe(1);
    expect(roles.line("agents")).toMatch(/^FAIL\s+agents\s+no agent named tester \(the qa role\).*1 not loaded.*-> greenlight agents list shows the names/);
    writeFiles(dir, {
      "greenlight.json": '{ "testComand": "npm test" }\n',
      ".mcp.json": JSON.stringify({ mcpServers: { memory: { command: process.execPath, args: [MEMORY_SERVER] }, ghost: { command: "no-such-mcp-server-xyz" } } }),
    });
    const result = await doctor(dir);
    expect(result.status).toBe(1);
    expect(result.line("greenlight.json")).toMatch(/^FAIL\s+greenlight.json\s+.*greenlight\.json: key 'testComand'/);
    expect(result.line("mcp servers")).toMatch(/^warn\s+mcp servers\s+1 of 2 start; ghost \(.*\.mcp\.json\): /);
  }, 60_000);
});
