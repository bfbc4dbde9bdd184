// Grep and Glob over a Python project whose .venv holds 20,000 files (ignored by .gitignore), against
// `git grep` on the same repository: the search must not pay for what git ignores.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToolset, Workspace } from "../dist/tools/index.js";
import { createProcessRunner } from "../dist/process/index.js";

const VENV_FILES = 20_000;
const PROJECT_FILES = 200;
const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-search-"));
try {
  await writeFile(join(dir, ".gitignore"), ".venv/\n__pycache__/\n");
  for (let i = 0; i < PROJECT_FILES; i++) {
    const folder = join(dir, "app", `module${i % 20}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `file${i}.py`), `def handler_${i}():\n    return ${i}\n${i === 7 ? "# needle\n" : ""}`);
  }
  for (let i = 0; i < VENV_FILES; i++) {
    const folder = join(dir, ".venv", "lib", "python3.12", "site-packages", `package${i % 400}`);
    if (i < 400) await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `module${i}.py`), `# needle in a dependency\ndef f():\n    return ${i}\n`);
  }
  const git = (...args) => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" } });
  git("init", "-q");
  git("add", ".");
  git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "project");

  const workspace = await Workspace.create({ projectDir: dir });
  const tools = createToolset({ workspace, capabilities: { mode: "all", capabilities: [], raw: [] }, runner: createProcessRunner(), env: {} });
  const context = { agent: "bench", signal: new AbortController().signal };
  const call = (name, input) => {
    const tool = tools.find((candidate) => candidate.name === name);
    return tool.execute(tool.inputSchema.parse(input), context);
  };

  // Rounds alternate the two, so a busy machine slows both alike; medians of each.
  async function interleavedMedians(runs, works) {
    for (const work of works) await work();
    const times = works.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [index, work] of works.entries()) {
        const start = performance.now();
        await work();
        times[index].push(performance.now() - start);
      }
    }
    return times.map((list) => list.sort((a, b) => a - b)[Math.floor(runs / 2)]);
  }

  const grep = await call("Grep", { pattern: "needle" });
  if (grep.content !== "app/module7/file7.py") throw new Error(`Grep found ${JSON.stringify(grep.content)}, expected only the project's own file`);
  const [grepMs, gitMs, globMs] = await interleavedMedians(31, [
    () => call("Grep", { pattern: "needle" }),
    () => spawnSync("git", ["grep", "-l", "needle"], { cwd: dir }),
    () => call("Glob", { pattern: "**/*.py" }),
  ]);
  const ratio = grepMs / gitMs;
  console.log(`search: project of ${PROJECT_FILES} files + a .venv of ${VENV_FILES} files (ignored)`);
  console.log(`search: Grep "needle": ${grepMs.toFixed(1)} ms; git grep -l: ${gitMs.toFixed(1)} ms; ratio ${ratio.toFixed(2)}x (target <= 5x)`);
  console.log(`search: Glob "**/*.py": ${globMs.toFixed(1)} ms`);
  if (ratio > 5) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
