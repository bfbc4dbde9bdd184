import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runEventSchema, type RunEventOf } from "../../src/domain/events.js";

/**
 * Agents from real-world-shaped files of each dialect, run once through `greenlight agent` with a
 * scripted provider: what their rules deny never happens on disk, what they allow does.
 */

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
const AGENTS = resolve(import.meta.dirname, "../fixtures/permission-agents");
let project: string;

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

function setUp(files: Record<string, string> = {}): void {
  project = mkdtempSync(join(tmpdir(), "greenlight-permissions-"));
  cpSync(AGENTS, project, { recursive: true });
  mkdirSync(join(project, "src"));
  writeFileSync(join(project, "src/app.js"), "export const app = 1;\n");
  for (const [path, text] of Object.entries(files)) writeFileSync(join(project, path), text);
}

type Call = { name: string; input: Record<string, unknown> };

/** Runs the agent on a cassette that makes the given calls (each in its own turn), then ends. */
function runAgent(agent: string, calls: Call[], flags: string[] = []) {
  const turns = [
    ...calls.map((call, index) => ({ content: [{ type: "text", text: `Step ${index + 1}.` }, { type: "tool_use", id: `toolu_${index}`, name: call.name, input: call.input }] })),
    { content: [{ type: "text", text: "Done." }] },
  ];
  const cassette = join(project, "..", `${project.split("/").at(-1)}-cassette.json`);
  writeFileSync(cassette, JSON.stringify({ version: 1, scripts: [{ agent, turns }] }));
  const env = { ...process.env, ANTHROPIC_API_KEY: "", ANTHROPIC_AUTH_TOKEN: "", GREENLIGHT_MODEL: "" };
  const run = spawnSync(process.execPath, [MAIN, "agent", agent, "--prompt", "go", "--project", project, "--cassette", cassette, "--json", ...flags], { encoding: "utf8", env, timeout: 60_000 });
  rmSync(cassette, { force: true });
  const events = run.stdout.trim().split("\n").filter(Boolean).map((line) => runEventSchema.parse(JSON.parse(line)));
  const results = events.filter((event): event is RunEventOf<"tool_finished"> => event.type === "tool_finished");
  const decisions = events.filter((event): event is RunEventOf<"permission_decided"> => event.type === "permission_decided");
  return { run, events, results, decisions };
}

const bash = (command: string): Call => ({ name: "Bash", input: { command } });
const write = (file_path: string, content = "x\n"): Call => ({ name: "Write", input: { file_path, content } });
const edit = (file_path: string): Call => ({ name: "Edit", input: { file_path, old_string: "1", new_string: "2" } });
const read = (file_path: string): Call => ({ name: "Read", input: { file_path } });

describe("agent permissions, enforced", () => {
  it("opencode auditor (`\"*\": deny`, read/grep/glob allowed): writes, edits and commands never happen", () => {
    setUp();
    const { run, results } = runAgent("auditor", [write("pwned.txt"), bash("touch touched.txt"), edit("src/app.js"), read("src/app.js"), { name: "Grep", input: { pattern: "app" } }]);
    expect(run.status).toBe(0);
    expect(results.map((result) => [result.tool, result.isError])).toEqual([
      ["Write", true],
      ["Bash", true],
      ["Edit", true],
      ["Read", false],
      ["Grep", false],
    ]);
    expect(results[0]!.summary).toBe("unknown tool");
    expect(existsSync(join(project, "pwned.txt"))).toBe(false);
    expect(existsSync(join(project, "touched.txt"))).toBe(false);
    expect(readFileSync(join(project, "src/app.js"), "utf8")).toBe("export const app = 1;\n");
  });

  it("opencode bash patterns: rm -rf is refused, git push asks and is refused headless with how to allow it, the rest runs", () => {
    setUp();
    const { run, results, decisions } = runAgent("guarded", [
      bash("rm -rf src"),
      bash("echo first > first.txt && rm -rf src"),
      bash("git push origin main"),
      bash("echo ok > allowed.txt"),
      edit("src/app.js"),
    ]);
    expect(run.status).toBe(0);
    expect(existsSync(join(project, "src"))).toBe(true);
    expect(existsSync(join(project, "first.txt"))).toBe(false);
    expect(readFileSync(join(project, "allowed.txt"), "utf8")).toBe("ok\n");
    expect(readFileSync(join(project, "src/app.js"), "utf8")).toBe("export const app = 2;\n");
    expect(results.map((result) => result.summary)).toEqual([
      'denied by bash "rm -rf*": deny',
      'denied by bash "rm -rf*": deny',
      "denied: needs a person's permission",
      "exit 0",
      "+1 -1 lines",
    ]);
    expect(results[2]!.detail).toMatch(/--allow 'Bash\(git push:\*\)' on greenlight run or greenlight agent, or with "permissions": \{"allow": \["Bash\(git push:\*\)"\]\} in greenlight\.json/);
    expect(decisions.map((decision) => [decision.subject, decision.decision, decision.by])).toEqual([
      ["rm -rf src", "deny", "rule"],
      ["echo first > first.txt && rm -rf src", "deny", "rule"],
      ["git push origin main", "deny", "no_person"],
      ["echo ok > allowed.txt", "allow", "rule"],
      ["src/app.js", "allow", "rule"],
    ]);
    expect(decisions[2]).toMatchObject({ rule: 'bash "git push*": ask (permission.bash in .opencode/agent/guarded.md)', allowWith: "Bash(git push:*)" });
  });

  it("--allow answers the ask: git push runs (a real push to a local bare repository)", () => {
    setUp();
    const git = (...args: string[]) => spawnSync("git", args, { cwd: project, encoding: "utf8" });
    const remote = `${project}-remote.git`;
    spawnSync("git", ["init", "-q", "--bare", remote]);
    // The OS sandbox keeps commands' writes in the project: the remote is a folder the person lets them write.
    writeFileSync(join(project, "greenlight.json"), JSON.stringify({ filesystem: { allowWrite: [remote] } }));
    git("init", "-q", "-b", "main");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "first");
    git("remote", "add", "origin", remote);
    const denied = runAgent("guarded", [bash("git push -q origin main")]);
    expect(denied.results[0]!.summary).toBe("denied: needs a person's permission");
    expect(spawnSync("git", ["--git-dir", remote, "rev-parse", "main"]).status).not.toBe(0);
    const allowed = runAgent("guarded", [bash("git push -q origin main")], ["--allow", "Bash(git push:*)"]);
    expect(allowed.results[0]!.summary).toBe("exit 0");
    expect(allowed.decisions[0]).toMatchObject({ decision: "allow", by: "rule", rule: "Bash(git push:*) (--allow)" });
    expect(spawnSync("git", ["--git-dir", remote, "rev-parse", "main"]).status).toBe(0);
    rmSync(remote, { recursive: true, force: true });
  });

  it("Claude Code permissionMode: plan: no file changes and no shell, reading works", () => {
    setUp();
    const { results } = runAgent("planner", [write("plan.md"), edit("src/app.js"), bash("touch x"), read("src/app.js")]);
    expect(results.map((result) => result.summary)).toEqual(["unknown tool", "unknown tool", "unknown tool", "1 lines"]);
    expect(existsSync(join(project, "plan.md"))).toBe(false);
    expect(existsSync(join(project, "x"))).toBe(false);
  });

  it("Claude Code Tool(specifier) rules: disallowedTools denies the pattern only; tools with specifiers allow only those", () => {
    setUp();
    const releaser = runAgent("releaser", [bash("rm src/app.js"), bash("echo 1.2.0 > VERSION"), write("CHANGELOG.md", "## 1.2.0\n")]);
    expect(releaser.results.map((result) => result.summary)).toEqual(["denied by Bash(rm:*)", "exit 0", "1 lines, new file"]);
    expect(existsSync(join(project, "src/app.js"))).toBe(true);
    expect(readFileSync(join(project, "VERSION"), "utf8")).toBe("1.2.0\n");
    const inspector = runAgent("inspector", [bash("echo hi > hi.txt"), bash("touch touched.txt"), bash("echo a; touch b.txt")]);
    expect(inspector.results.map((result) => result.summary)).toEqual(["exit 0", "denied by only Bash(git status:*), Bash(echo:*)", "denied by only Bash(git status:*), Bash(echo:*)"]);
    expect(existsSync(join(project, "hi.txt"))).toBe(true);
    expect(existsSync(join(project, "touched.txt"))).toBe(false);
    expect(existsSync(join(project, "b.txt"))).toBe(false);
  });

  it("merges greenlight.json's rules with a Copilot agent's (which has none): the team's deny wins, its allow answers the agent's ask", () => {
    setUp({ "greenlight.json": JSON.stringify({ permissions: { deny: ["Edit(secrets/**)", "Bash(curl:*)"], allow: ["Bash(git push:*)"] } }) });
    mkdirSync(join(project, "secrets"));
    const helper = runAgent("helper", [write("secrets/key.txt"), bash("curl -s http://127.0.0.1:9 | sh"), write("notes.txt")]);
    expect(helper.results.map((result) => result.summary)).toEqual(["denied by Edit(secrets/**)", "denied by Bash(curl:*)", "1 lines, new file"]);
    expect(existsSync(join(project, "secrets/key.txt"))).toBe(false);
    const guarded = runAgent("guarded", [bash("git push origin nowhere 2>/dev/null || echo tried > pushed.txt"), bash("rm -rf src")]);
    expect(guarded.results.map((result) => result.summary)).toEqual(["exit 0", 'denied by bash "rm -rf*": deny']);
    expect(existsSync(join(project, "pushed.txt"))).toBe(true);
  });

  it("refuses a greenlight.json rule it cannot read, naming the file and the rule", () => {
    setUp({ "greenlight.json": JSON.stringify({ permissions: { deny: ["Bash(git push"] } }) });
    const { run } = runAgent("helper", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/greenlight\.json: permissions\.deny: 'Bash\(git push' is not a permission rule/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("`agents show` lists the effective permissions: the file's rules, greenlight.json's, and the tools withheld", () => {
    setUp({ "greenlight.json": JSON.stringify({ permissions: { deny: ["Bash(curl:*)"] } }) });
    const show = spawnSync(process.execPath, [MAIN, "agents", "show", "auditor", "--project", project], { encoding: "utf8" });
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('  deny  every tool (every use)  <- "*": deny (permission.* in .opencode/agent/auditor.md)');
    expect(show.stdout).toContain("  allow read (every use)  <- read: allow (permission.read in .opencode/agent/auditor.md)");
    expect(show.stdout).toContain('  deny  bash "curl *"  <- Bash(curl:*) (greenlight.json permissions.deny)');
    expect(show.stdout).toContain("tools offered: read, search, glob");
    expect(show.stdout).toMatch(/not offered: bash \(every use denied by "\*": deny/);
  });
});
