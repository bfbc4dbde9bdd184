// Tool-layer overhead per call, excluding the tool's own work: a Read of a small file through
// validation + path guard + execute, against a raw fs.readFile of the same file.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createToolset, toolSpecs, Workspace } from "../dist/tools/index.js";
import { createProcessRunner } from "../dist/process/index.js";

const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-tools-"));
try {
  await writeFile(join(dir, "small.txt"), "hello\nworld\n".repeat(20));
  const workspace = await Workspace.create({ projectDir: dir, protectedDirs: [".greenlight"] });
  const all = { mode: "all", capabilities: [], raw: [] };
  const options = { workspace, capabilities: all, role: "reviewer", runner: createProcessRunner(), env: {}, onVerdict: () => undefined };
  const read = createToolset(options).find((tool) => tool.name === "Read");
  const context = { agent: "bench", signal: new AbortController().signal };

  async function perCallMs(calls, work) {
    for (let i = 0; i < 200; i++) await work();
    const start = performance.now();
    for (let i = 0; i < calls; i++) await work();
    return (performance.now() - start) / calls;
  }

  const calls = 5000;
  const raw = await perCallMs(calls, () => readFile(join(dir, "small.txt"), "utf8"));
  const tool = await perCallMs(calls, () => read.execute(read.inputSchema.parse({ file_path: "small.txt" }), context));
  const write = await perCallMs(1000, () => workspace.resolveForWrite("src/deep/new-file.ts", "bench"));
  const bash = createToolset(options).find((tool) => tool.name === "Bash");
  const bashTool = await perCallMs(100, () => bash.execute(bash.inputSchema.parse({ command: "true" }), context));
  const rawSpawn = await perCallMs(100, () => new Promise((done) => spawn("/bin/sh", ["-c", "true"], { stdio: "ignore" }).once("exit", done)));
  const setup = await perCallMs(2000, async () => toolSpecs(createToolset(options)));

  console.log(`tools: Read small file through validate+guard+execute: ${tool.toFixed(3)} ms/call (raw fs.readFile ${raw.toFixed(3)} ms)`);
  console.log(`tools: overhead per call excluding the tool's own work: ${(tool - raw).toFixed(3)} ms (target <= 5 ms)`);
  console.log(`tools: resolveForWrite of a 3-deep new path: ${write.toFixed(3)} ms/call (target <= 5 ms)`);
  console.log(`tools: Bash "true" through the tool: ${bashTool.toFixed(3)} ms/call (raw spawn ${rawSpawn.toFixed(3)} ms; overhead ${(bashTool - rawSpawn).toFixed(3)} ms, target <= 5 ms)`);
  console.log(`tools: createToolset + toolSpecs (${createToolset(options).length} tools): ${setup.toFixed(3)} ms (target <= 5 ms)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
