// What context management costs: one 40-turn session whose agent reads a ~3,000-token file every turn,
// against the strict local Messages API server through the real SDK (claude-sonnet-5-5, thinking on). The
// same session three ways: no context management (a window it never reaches), greenlight's own clearing
// and compaction in a 60,000-token window, and the API's context editing (clear_tool_uses_20250919) in the
// same window. Per turn: input tokens sent (input + cache writes + cache reads) and cache reads; then totals
// and the list-price cost.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { createAnthropicProvider } from "../dist/provider/anthropic-provider.js";
import { drainSession, runSession } from "../dist/runtime/index.js";
import { loadMessagesServer } from "./messages-server.mjs";

const TURNS = 40;
const WINDOW = 60_000;
const MODEL = "claude-sonnet-5-5";

const agent = {
  name: "backend", description: "", prompt: "You write code.", dialect: "greenlight",
  source: { file: "bench", origin: "builtin" }, tools: { mode: "all", capabilities: [], raw: [] },
  model: MODEL, handoffs: [], permissions: { rules: [], onAsk: "ask" }, frontmatter: {},
};
const FILE = Array.from({ length: 300 }, (_, line) => `line ${line} of a module the agent keeps reading\n`).join("");
const readTool = {
  name: "Read", description: "Reads a file", inputSchema: z.object({ file_path: z.string(), pass: z.number() }),
  title: (input) => input.file_path,
  execute: async (input) => ({ content: `${FILE}(pass ${input.pass})`, isError: false, summary: "read" }),
};

async function session(api, limits) {
  const turns = Array.from({ length: TURNS - 1 }, (_, n) => api.reply([api.toolUse(`toolu_${n}`, "Read", { file_path: "src/module.js", pass: n })]));
  turns.push(api.reply([api.text("All done.")]));
  const server = await api.startFakeMessagesServer(
    (request) =>
      JSON.stringify(request.body.system ?? "").includes("You condense a coding agent's conversation")
        ? api.reply([api.text("Read src/module.js many times; it is unchanged each time. Next: finish.")])
        : turns.shift(),
    { strict: { models: [{ ...api.SONNET_5_5, maxInputTokens: limits.maxInputTokens }] } },
  );
  try {
    const provider = createAnthropicProvider({ apiKey: api.STRICT_API_KEY, baseURL: server.baseURL, env: {} });
    const rows = [];
    const extra = [];
    const outcome = await drainSession(
      runSession({ agent, model: MODEL, provider, tools: [readTool], prompt: "Read the module every turn, then finish.", signal: new AbortController().signal, contextLimits: limits, budgets: { maxTurns: TURNS * 2 } }),
      (event) => {
        if (event.type === "turn_finished") rows.push(event.usage);
        if (event.type === "context_managed") extra.push(event);
      },
    );
    if (outcome.reason !== "completed") throw new Error(`session ended with ${outcome.reason}: ${outcome.error}`);
    return { rows, extra, outcome, refusals: server.refusals.length };
  } finally {
    await server.close();
  }
}

const sent = (usage) => usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
const pad = (value, width) => String(value).padStart(width);
const COLUMN = 19;

const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-window-"));
try {
  const api = await loadMessagesServer(dir);
  const modes = [
    ["none", await session(api, { maxInputTokens: 1_000_000, apiClearing: false, apiCompaction: false })],
    ["greenlight", await session(api, { maxInputTokens: WINDOW, apiClearing: false, apiCompaction: false })],
    ["api", await session(api, { maxInputTokens: WINDOW, apiClearing: true, apiCompaction: false })],
  ];
  const header = ["turn", ...modes.flatMap(([name]) => [`${name} sent`, `${name} cached`])];
  console.log(`context-window: ${TURNS}-turn session reading a ~3k-token file every turn; sent = input + cache writes + cache reads, per request`);
  console.log(header.map((cell) => pad(cell, COLUMN)).join(""));
  const longest = Math.max(...modes.map(([, run]) => run.rows.length));
  for (let turn = 0; turn < longest; turn++) {
    const cells = [turn + 1, ...modes.flatMap(([, run]) => (run.rows[turn] ? [sent(run.rows[turn]), run.rows[turn].cacheReadInputTokens] : ["-", "-"]))];
    console.log(cells.map((cell) => pad(cell, COLUMN)).join(""));
  }
  for (const [name, run] of modes) {
    const totalSent = run.rows.reduce((sum, usage) => sum + sent(usage), 0);
    const totalRead = run.rows.reduce((sum, usage) => sum + usage.cacheReadInputTokens, 0);
    const peak = Math.max(...run.rows.map(sent));
    const summaries = run.extra.filter((event) => event.usage).reduce((sum, event) => sum + sent(event.usage) + event.usage.outputTokens, 0);
    const cleared = run.extra.filter((event) => event.action === "cleared_tool_results").length;
    const compacted = run.extra.filter((event) => event.action === "compacted").length;
    console.log(
      `context-window: ${name.padEnd(10)} ${run.rows.length} requests, sent ${totalSent} tokens (${((100 * totalRead) / totalSent).toFixed(1)}% cache reads), peak request ${peak}, ` +
        `${cleared} clearings, ${compacted} compactions (summaries ${summaries} tokens), cost $${run.outcome.costUsd.toFixed(4)} at ${MODEL} list price, refusals ${run.refusals}`,
    );
  }
  const none = modes[0][1].outcome.costUsd;
  for (const [name, run] of modes.slice(1)) console.log(`context-window: ${name} costs ${(run.outcome.costUsd / none).toFixed(2)}x the unmanaged session (same run, same server)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
