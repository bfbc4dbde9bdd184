// Start-up cost of running a command for the model, by isolation: none (plain sh), the PID namespace
// alone (the sandbox turned off), the bubblewrap sandbox, and the sandbox with an allow-listed host
// (which adds the in-sandbox proxy forwarder, a node process). Per Bash tool call and per gate run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProcessRunner, commandIsolation } from "../dist/process/index.js";
import { createToolset, Workspace } from "../dist/tools/index.js";
import { runTestCommand } from "../dist/gates/gate-runner.js";

const base = { mode: "auto", allowHosts: [], denyRead: [], allowWrite: [], readOnly: [] };
const runners = {
  none: createProcessRunner({ isolate: false }),
  "pid namespace": createProcessRunner({ sandbox: { ...base, mode: "off" } }),
  sandbox: createProcessRunner({ sandbox: base }),
  "sandbox + proxy": createProcessRunner({ sandbox: { ...base, allowHosts: ["registry.npmjs.org"] } }),
};

const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-process-"));
try {
  if ((await commandIsolation("auto")).level !== "sandbox") console.log("process: NOTE no sandbox on this machine: the sandbox figures below are the fallback's");
  const workspace = await Workspace.create({ projectDir: dir, protectedDirs: [".greenlight"] });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/" };
  const context = { agent: "bench", signal: new AbortController().signal };

  async function perCallMs(calls, work) {
    for (let i = 0; i < 5; i++) await work();
    const start = performance.now();
    for (let i = 0; i < calls; i++) await work();
    return (performance.now() - start) / calls;
  }

  const bash = {};
  const gate = {};
  // Interleaved rounds, so a burst of load elsewhere on the machine hits every variant alike.
  for (let round = 0; round < 3; round++) {
    for (const [name, runner] of Object.entries(runners)) {
      const calls = name === "sandbox + proxy" ? 5 : 20;
      const tool = createToolset({ workspace, capabilities: { mode: "all", capabilities: [], raw: [] }, runner, env }).find((candidate) => candidate.name === "Bash");
      (bash[name] ??= []).push(await perCallMs(calls, () => tool.execute(tool.inputSchema.parse({ command: "true" }), context)));
      (gate[name] ??= []).push(await perCallMs(calls, () => runTestCommand(runner, "true", { cwd: dir, env, signal: context.signal })));
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [label, figures] of [["Bash call", bash], ["gate run", gate]]) {
    const none = median(figures.none);
    const line = Object.entries(figures).map(([name, values]) => `${name} ${median(values).toFixed(1)} ms`).join(", ");
    console.log(`process: ${label} running "true": ${line}`);
    const pid = median(figures["pid namespace"]) - none;
    const sandbox = median(figures.sandbox) - none;
    console.log(`process: ${label} overhead over plain sh: PID namespace ${pid.toFixed(1)} ms, sandbox ${sandbox.toFixed(1)} ms (sandbox over the namespace ${(sandbox - pid).toFixed(1)} ms; target <= 15 ms), sandbox + proxy ${(median(figures["sandbox + proxy"]) - none).toFixed(1)} ms`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
