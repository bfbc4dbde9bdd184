// Agent loading: files/s over 1,000 copies of the corpus, and wall time of `greenlight agents list` over the corpus.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadAgents } from "../dist/agents/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, "../../shared/agent-corpus");
const main = join(here, "../dist/main.js");
const corpusFiles = readdirSync(corpus).filter((name) => name.endsWith(".md"));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const root = mkdtempSync(join(tmpdir(), "greenlight-agents-bench-"));
try {
  const thousand = join(root, "thousand", ".claude", "agents");
  mkdirSync(thousand, { recursive: true });
  for (let index = 0; index < 1000; index++) {
    const name = corpusFiles[index % corpusFiles.length];
    copyFileSync(join(corpus, name), join(thousand, `${String(index).padStart(4, "0")}-${name}`));
  }
  const rates = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    const catalog = await loadAgents({ projectDir: join(root, "thousand"), builtinDir: join(here, "../agents") });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (catalog.files.length !== 1003) throw new Error(`expected 1003 files, loaded ${catalog.files.length}`);
    rates.push(1003 / seconds);
  }
  console.log(`agents: load 1000 files: ${Math.round(median(rates))} files/s (target >= 2000)`);

  const project = join(root, "corpus");
  mkdirSync(join(project, ".claude", "agents"), { recursive: true });
  for (const name of corpusFiles) copyFileSync(join(corpus, name), join(project, ".claude", "agents", name));
  const times = [];
  for (let run = 0; run < 7; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [main, "agents", "list", "--project", project], { encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`agents list failed: ${result.stderr}`);
  }
  console.log(`agents: 'greenlight agents list' over the ${corpusFiles.length}-file corpus: ${Math.round(median(times))} ms median of 7 (target <= 300)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
