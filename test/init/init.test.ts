import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readProjectConfig } from "../../src/run/config.js";
import { greenlight } from "../support/greenlight-cli.js";
import { committed, git, NODE_PROJECT, projectWith, PYTHON_PROJECT, UNTESTED_PROJECT } from "../support/temp-projects.js";

let dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = projectWith(files, "greenlight-init-");
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

const read = (dir: string, path: string) => readFileSync(join(dir, path), "utf8");

const AGENT_FILES = {
  ".claude/agents/api-builder.md": "---\nname: api-builder\ndescription: Builds the API\ntools: Read, Edit, Bash\n---\nBuild it.\n",
  ".github/agents/checker.agent.md": "---\ndescription: 'Checks the work'\ntools: ['search', 'runCommands']\n---\nCheck it.\n",
  ".opencode/agent/writer.md": "---\ndescription: Writes docs\nmode: subagent\n---\nWrite.\n",
  ".claude/agents/broken.md": "no frontmatter here\n",
  "CLAUDE.md": "# How we work\n",
  "AGENTS.md": "Use small commits.\n",
  ".mcp.json": JSON.stringify({ mcpServers: { memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] } } }),
};

describe("greenlight init", () => {
  it("in a node project in git: a commented greenlight.json naming what it found, a SPEC.md that plans, the state folder ignored", async () => {
    const dir = committed(project({ ...NODE_PROJECT, ...AGENT_FILES }));
    const result = await greenlight(["init", "--yes"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("test command: npm test");
    expect(result.stdout).toContain("agents: 3 of 4 files load");
    expect(result.stdout).toContain("MCP servers: memory (.mcp.json)");
    expect(result.stdout).toContain("instruction files: CLAUDE.md, AGENTS.md");
    const config = read(dir, "greenlight.json");
    expect(config).toContain('greenlight detects "npm test" by itself');
    expect(config).toContain(".claude/agents/api-builder.md (claude-code): api-builder");
    expect(config).toContain(".github/agents/checker.agent.md (copilot-agent): checker");
    expect(config).toContain(".opencode/agent/writer.md (opencode): writer (1 warnings: greenlight agents lint)");
    expect(config).toMatch(/\.claude\/agents\/broken\.md \(claude-code\): not loaded: line 1: no frontmatter/);
    expect(config).toContain('"instructions": { "exclude": ["CLAUDE.md"] }');
    // Nothing differs from the defaults here, so greenlight reads an empty config through the comments.
    expect(readProjectConfig(dir)).toEqual({});
    expect(read(dir, "SPEC.md")).toMatch(/^## REQ-001: /m);
    expect((await greenlight(["plan", "SPEC.md"], { cwd: dir })).status).toBe(0);
    expect(read(dir, ".gitignore")).toContain("/.greenlight/state/\n");
    expect(git(dir, "check-ignore", ".greenlight/state/tasks.json").trim()).toBe(".greenlight/state/tasks.json");
    expect(git(dir, "status", "--porcelain")).not.toContain(".greenlight/state");
  });

  it("never overwrites a file, and a second run changes nothing", async () => {
    const dir = committed(project({ ...NODE_PROJECT, "greenlight.json": '{ "parallel": 2 }\n', "SPEC.md": "# Notes, no ids yet\n", ".gitignore": "node_modules" }));
    const first = await greenlight(["init", "--yes"], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("greenlight.json: exists, left as it is");
    expect(first.stdout).toContain("SPEC.md: exists but holds no requirement ids");
    expect(read(dir, "greenlight.json")).toBe('{ "parallel": 2 }\n');
    expect(read(dir, "SPEC.md")).toBe("# Notes, no ids yet\n");
    expect(read(dir, ".gitignore")).toMatch(/^node_modules\n# greenlight's .*\n\/\.greenlight\/state\/\n$/);
    const before = { gitignore: read(dir, ".gitignore"), mtime: statSync(join(dir, "greenlight.json")).mtimeMs };
    const second = await greenlight(["init", "--yes"], { cwd: dir });
    expect(second.stdout).toContain(".gitignore: .greenlight/state is already ignored");
    expect(read(dir, ".gitignore")).toBe(before.gitignore);
    expect(statSync(join(dir, "greenlight.json")).mtimeMs).toBe(before.mtime);
  });

  it("sees the state folder ignored already when a folder above it is", async () => {
    const dir = committed(project({ ...NODE_PROJECT, ".gitignore": ".greenlight/\n" }));
    expect((await greenlight(["init", "--yes"], { cwd: dir })).stdout).toContain(".gitignore: .greenlight/state is already ignored");
    expect(read(dir, ".gitignore")).toBe(".greenlight/\n");
  });

  it("leaves .gitignore alone without a terminal to ask and without --yes", async () => {
    const dir = committed(project(NODE_PROJECT));
    const result = await greenlight(["init"], { cwd: dir });
    expect(result.stdout).toContain(".gitignore: not changed (no terminal to ask; rerun with --yes");
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
  });

  it("in a Python project: the detected pytest, and the spec it found instead of a skeleton", async () => {
    const dir = committed(project({ ...PYTHON_PROJECT, "docs/requirements.md": "# Shop\n\n- FR-001 — Cart total\n- FR-002 — Discounts\n" }));
    const result = await greenlight(["init", "--yes"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("test command: python3 -m pytest");
    expect(result.stdout).toContain("spec: found docs/requirements.md (2 requirements); import with: greenlight plan docs/requirements.md");
    expect(existsSync(join(dir, "SPEC.md"))).toBe(false);
    expect(read(dir, "greenlight.json")).toContain('greenlight detects "python3 -m pytest" by itself');
  });

  it("in a project without tests: says so, and sets what greenlight would not find by itself (a Makefile target)", async () => {
    const bare = committed(project(UNTESTED_PROJECT));
    const none = await greenlight(["init", "--yes"], { cwd: bare });
    expect(none.stdout).toContain('test command: none found: set "testCommand" in greenlight.json');
    expect(read(bare, "greenlight.json")).toContain("`greenlight run` needs one: uncomment this line");
    expect(readProjectConfig(bare)).toEqual({});

    const make = committed(project({ ...UNTESTED_PROJECT, Makefile: "test:\n\t./tool.sh\n" }));
    expect((await greenlight(["init", "--yes"], { cwd: make })).stdout).toContain("test command: make test");
    expect(readProjectConfig(make)).toEqual({ testCommand: "make test" });
  });

  it("outside git: writes the files, no .gitignore, and says why", async () => {
    const dir = project(NODE_PROJECT);
    const result = await greenlight(["init", "--yes"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(".gitignore: not a git repository, left alone");
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
    expect(existsSync(join(dir, "greenlight.json"))).toBe(true);
    expect(existsSync(join(dir, "SPEC.md"))).toBe(true);
  });
});
