// Runtime figures: (a) the session loop's own cost per tool call, with the scripted provider at pace 0 and a
// tool that does nothing; (b) against the local Messages API server through the real SDK, the share of input
// tokens read from or written under a cache breakpoint from the second turn on.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { z } from "zod";
import { createScriptedProvider } from "../dist/provider/scripted-provider.js";
import { createAnthropicProvider } from "../dist/provider/anthropic-provider.js";
import { drainSession, runSession } from "../dist/runtime/index.js";

const here = dirname(fileURLToPath(import.meta.url));

const agent = {
  name: "backend", description: "", prompt: "You write code. ".repeat(200), dialect: "greenlight",
  source: { file: "bench", origin: "builtin" }, tools: { mode: "all", capabilities: [], raw: [] },
  model: "claude-haiku-4-5", handoffs: [], frontmatter: {},
};
const noop = {
  name: "Noop", description: "Does nothing", inputSchema: z.object({ n: z.number() }), capability: "bash",
  title: (input) => String(input.n),
  execute: async () => ({ content: "ok", isError: false, summary: "ok" }),
};

async function overheadPerToolCall(calls) {
  const turns = Array.from({ length: calls }, (_, n) => ({ content: [{ type: "tool_use", id: `t${n}`, name: "Noop", input: { n } }] }));
  turns.push({ content: [{ type: "text", text: "done" }] });
  const provider = createScriptedProvider({ version: 1, scripts: [{ agent: "backend", turns }] }, { paceMs: 0 });
  const started = performance.now();
  const outcome = await drainSession(
    runSession({ agent, model: "claude-haiku-4-5", provider, tools: [noop], prompt: "go", signal: new AbortController().signal, budgets: { maxTurns: calls + 1 } }),
    () => {},
  );
  if (outcome.reason !== "completed") throw new Error(`session ended with ${outcome.reason}: ${outcome.error}`);
  return (performance.now() - started) / calls;
}

/** The fake server is TypeScript shared with the tests: transpile it once into a temp module. */
async function loadFakeServer(dir) {
  const source = await readFile(join(here, "../test/support/fake-messages-server.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const file = join(dir, "fake-messages-server.mjs");
  await writeFile(file, outputText);
  return import(pathToFileURL(file).href);
}

async function cachedShare(turnCount) {
  const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-"));
  try {
    const { startFakeMessagesServer, reply, text, toolUse } = await loadFakeServer(dir);
    const responses = Array.from({ length: turnCount - 1 }, (_, n) => reply([text(`Step ${n}: looking at more of the code.`), toolUse(`toolu_${n}`, "Noop", { n })]));
    responses.push(reply([text("All done.")]));
    const server = await startFakeMessagesServer(responses);
    const usages = [];
    try {
      const provider = createAnthropicProvider({ apiKey: "bench", baseURL: server.baseURL, env: {} });
      await drainSession(
        runSession({ agent, model: "claude-haiku-4-5", provider, tools: [noop], prompt: "Implement the feature. ".repeat(50), signal: new AbortController().signal }),
        (event) => event.type === "turn_finished" && usages.push(event.usage),
      );
    } finally {
      await server.close();
    }
    const later = usages.slice(1);
    const cached = later.reduce((sum, u) => sum + u.cacheReadInputTokens, 0);
    const total = later.reduce((sum, u) => sum + u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens, 0);
    return { turns: usages.length, share: (100 * cached) / total };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await overheadPerToolCall(200);
const calls = 2000;
const perCall = await overheadPerToolCall(calls);
console.log(`runtime: overhead per tool call (${calls} calls, scripted provider, no-op tool): ${perCall.toFixed(3)} ms/call (target <= 5)`);
const { turns, share } = await cachedShare(6);
console.log(`runtime: input tokens read from cache, turns 2-${turns} of a ${turns}-turn session: ${share.toFixed(1)}% (target >= 80)`);
