// TUI under load, in a real pseudo-terminal through the scripted harness (built dist/ required).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import pty from "node-pty";
import xtermHeadless from "@xterm/headless";
import { Unicode11Addon } from "@xterm/addon-unicode11";

const { Terminal } = xtermHeadless;
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const HARNESS = join(REPO, "test/fixtures/tui/harness.mjs");
const PANES = 6;
const RATE = 200;
const SECONDS = 10;
const dir = mkdtempSync(join(tmpdir(), "greenlight-tui-bench-"));

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
const TICKS_PER_S = 100;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function launch(args, cols, rows, extraEnv = {}) {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = "11";
  const started = performance.now();
  const proc = pty.spawn(process.execPath, args, { name: "xterm-256color", cols, rows, env: { ...process.env, TERM: "xterm-256color", LANG: "C.UTF-8", ...extraEnv } });
  let bytes = 0;
  proc.onData((data) => {
    bytes += Buffer.byteLength(data);
    term.write(data);
  });
  const screen = () => {
    const buffer = term.buffer.active;
    return Array.from({ length: rows }, (_, row) => buffer.getLine(row)?.translateToString(true) ?? "").join("\n");
  };
  const waitFor = async (predicate, timeoutMs = 20_000) => {
    const deadline = performance.now() + timeoutMs;
    while (!predicate(screen())) {
      if (performance.now() > deadline) throw new Error(`timed out; screen:\n${screen()}`);
      await sleep(2);
    }
    return performance.now() - started;
  };
  return { proc, screen, waitFor, bytes: () => bytes, stop: () => proc.kill("SIGKILL") };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The UI alone: the harness replays a short run through the built TUI. */
async function firstFrame() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const run = launch([HARNESS, "--script", "demo"], 160, 50);
    // The harness finishes its run at once, so the first full frame may already be the final matrix.
    times.push(await run.waitFor((text) => (text.includes("3 reviewer") || text.includes("Traceability matrix")) && text.includes("| ? help")));
    run.stop();
  }
  console.log(`tui: spawn to first full frame (harness, median of 5): ${Math.round(median(times))} ms (target <= 300 ms)`);
}

/** The real `greenlight demo`: CLI, orchestrator and store start-up included. Its copies go to a temp folder, removed after. */
async function demoFirstFrame() {
  const demoTemp = mkdtempSync(join(tmpdir(), "greenlight-bench-demo-"));
  const times = [];
  try {
    for (let i = 0; i < 3; i++) {
      const run = launch([join(REPO, "dist/main.js"), "demo"], 160, 50, { TMPDIR: demoTemp });
      times.push(await run.waitFor((text) => text.includes("1 qa |") && text.includes("3 reviewer") && text.includes("| ? help")));
      run.stop();
      await sleep(200);
    }
  } finally {
    rmSync(demoTemp, { recursive: true, force: true });
  }
  console.log(`tui: spawn to first full frame of greenlight demo (median of 3): ${Math.round(median(times))} ms (target <= 300 ms)`);
}

async function streaming() {
  const record = join(dir, "stream.jsonl");
  const run = launch([HARNESS, "--script", "stream", "--record", record, "--panes", String(PANES), "--rate", String(RATE), "--seconds", String(SECONDS)], 160, 50);
  await run.waitFor((text) => text.includes(`${PANES} agent${PANES}`));
  const ticks = cpuTicks(run.proc.pid);
  const bytes = run.bytes();
  const t0 = performance.now();
  await run.waitFor((text) => text.includes("STREAM DONE"), SECONDS * 1000 + 20_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = ((cpuTicks(run.proc.pid) - ticks) / TICKS_PER_S / seconds) * 100;
  const stats = JSON.parse(readFileSync(record, "utf8").trim().split("\n").at(-1));
  const last = RATE * SECONDS - 1;
  const text = run.screen();
  const allShown = Array.from({ length: PANES }, (_, i) => `line ${last} from agent${i + 1}`).every((line) => text.includes(line));
  run.stop();
  const expected = PANES * RATE * SECONDS;
  console.log(`tui: lines delivered (${PANES} panes x ${RATE}/s x ${SECONDS} s): ${stats.delivered} of ${expected}, last line of every pane on screen: ${allShown ? "yes" : "NO"} (target: all)`);
  console.log(`tui: CPU while streaming: ${cpu.toFixed(1)}% of one core (target <= 20%)`);
  console.log(`tui: frames per second while streaming: ${(stats.writes / (stats.ms / 1000)).toFixed(1)} fps (target <= 20)`);
  console.log(`tui: bytes to the terminal while streaming: ${((run.bytes() - bytes) / seconds / 1024).toFixed(1)} KiB/s (target <= 250 KiB/s)`);
}

/**
 * A parallel run's workspace: 3 lanes x 4 agents = 12 agent panes, each streaming 100 lines/s for 5 s
 * (the focused lane's 4 on screen). CPU is the workspace process's own process.cpuUsage over the stream's
 * wall time, as % of one core.
 */
async function lanesStreaming() {
  const [lanes, panes, rate, seconds] = [3, 4, 100, 5];
  const record = join(dir, "lanes-stream.jsonl");
  const run = launch([HARNESS, "--script", "lanes-stream", "--record", record, "--lanes", String(lanes), "--panes", String(panes), "--rate", String(rate), "--seconds", String(seconds)], 160, 50);
  await run.waitFor((text) => text.includes("merge queue:") && text.includes(`${panes} agent${panes} REQ-001`));
  await run.waitFor((text) => text.includes("STREAM DONE"), seconds * 1000 + 20_000);
  const stats = JSON.parse(readFileSync(record, "utf8").trim().split("\n").at(-1));
  const last = rate * seconds - 1;
  const text = run.screen();
  const allShown = Array.from({ length: panes }, (_, i) => `line ${last} from agent${i + 1} in REQ-001`).every((line) => text.includes(line));
  run.stop();
  console.log(`tui: lanes: lines delivered (${lanes} lanes x ${panes} agents x ${rate}/s x ${seconds} s): ${stats.delivered} of ${lanes * panes * rate * seconds}, last line of the focused lane's panes on screen: ${allShown ? "yes" : "NO"} (target: all)`);
  console.log(`tui: lanes: CPU of the workspace while 12 panes stream: ${((stats.cpuMs / stats.ms) * 100).toFixed(1)}% of one core (target <= 20%)`);
  console.log(`tui: lanes: frames per second while streaming: ${(stats.writes / (stats.ms / 1000)).toFixed(1)} fps (target <= 20)`);
}

async function idle() {
  const run = launch([HARNESS, "--script", "idle"], 160, 50);
  await run.waitFor((text) => text.includes("1 a |"));
  await sleep(500);
  const ticks = cpuTicks(run.proc.pid);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const cpu = ((cpuTicks(run.proc.pid) - ticks) / TICKS_PER_S / ((performance.now() - t0) / 1000)) * 100;
  run.stop();
  console.log(`tui: idle CPU over ${SECONDS} s: ${cpu.toFixed(2)}% of one core (target <= 1%)`);
}

try {
  // `node bench/tui.bench.mjs lanes` measures only the parallel run's streaming lanes.
  if (process.argv[2] === "lanes") await lanesStreaming();
  else {
    await firstFrame();
    await demoFirstFrame();
    // `node bench/tui.bench.mjs start` measures only the start-up figures.
    if (process.argv[2] !== "start") {
      await streaming();
      await lanesStreaming();
      await idle();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
