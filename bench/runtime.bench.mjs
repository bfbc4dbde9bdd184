// Runtime figures: (a) the session loop's own cost per tool call, with the scripted provider at pace 0 and a
// tool that does nothing; (b) against the local Messages API server through the real SDK, the share of input
// tokens read from or written under a cache breakpoint from the second turn on; (c) the session context (project
// instruction files and the environment block): what it adds to each request, what building it costs, and the
// cache share with it, within a session and for the next session of the same agent.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { createScriptedProvider } from "../dist/provider/scripted-provider.js";
import { createAnthropicProvider } from "../dist/provider/anthropic-provider.js";
import { drainSession, runSession } from "../dist/runtime/index.js";
import { sessionContext } from "../dist/context/index.js";
import { loadMessagesServer } from "./messages-server.mjs";


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

const loadFakeServer = loadMessagesServer;

const followUpShare = (usages) => {
  const cached = usages.reduce((sum, u) => sum + u.cacheReadInputTokens, 0);
  const total = usages.reduce((sum, u) => sum + u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens, 0);
  return (100 * cached) / total;
};

/** Sessions of `turnCount` turns against one server (one cache), each with its own system blocks. */
async function sessionUsages(turnCount, systems) {
  const dir = await mkdtemp(join(tmpdir(), "greenlight-bench-"));
  try {
    const { startFakeMessagesServer, reply, text, toolUse } = await loadFakeServer(dir);
    const server = await startFakeMessagesServer([]);
    const perSession = [];
    try {
      const provider = createAnthropicProvider({ apiKey: "bench", baseURL: server.baseURL, env: {} });
      for (const system of systems) {
        for (let n = 0; n < turnCount - 1; n++) server.enqueue(reply([text(`Step ${n}: looking at more of the code.`), toolUse(`toolu_${n}`, "Noop", { n })]));
        server.enqueue(reply([text("All done.")]));
        const usages = [];
        await drainSession(
          runSession({ agent, model: "claude-haiku-4-5", provider, tools: [noop], prompt: "Implement the feature. ".repeat(50), system, signal: new AbortController().signal }),
          (event) => event.type === "turn_finished" && usages.push(event.usage),
        );
        perSession.push(usages);
      }
    } finally {
      await server.close();
    }
    return perSession;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A project with instruction files of the sizes real ones have (a few KB each). */
async function contextProject() {
  const project = await mkdtemp(join(tmpdir(), "greenlight-bench-context-"));
  await mkdir(join(project, ".github/instructions"), { recursive: true });
  await mkdir(join(project, "docs"));
  await writeFile(join(project, "CLAUDE.md"), "# Conventions\n" + "- Prefer small pure functions; name them for what they return.\n".repeat(40) + "See @docs/testing.md\n");
  await writeFile(join(project, "docs/testing.md"), "# Testing\n" + "- Tests use node:test and assert/strict; one behaviour per test.\n".repeat(20));
  await writeFile(join(project, "AGENTS.md"), "# Agents\n" + "- Run npm test before you finish; never skip a failing test.\n".repeat(25));
  await writeFile(join(project, ".github/copilot-instructions.md"), "# Copilot\n" + "- Keep public APIs documented with one-line comments.\n".repeat(20));
  await writeFile(join(project, ".github/instructions/js.instructions.md"), '---\napplyTo: "**/*.js"\n---\n' + "- ES modules only.\n".repeat(10));
  return project;
}

const pipeline = (lockedFiles) => ({ roles: { qa: "qa", backend: "backend", reviewer: "reviewer" }, requirement: { id: "REQ-001", title: "Totals" }, lockedFiles, harnessFiles: [], stateDir: ".greenlight/state" });

async function contextFigures() {
  const project = await contextProject();
  try {
    const input = { projectDir: project, agent, role: "backend", testCommand: "npm test", requirementFiles: ["test/total.test.js"], pipeline: pipeline(["test/total.test.js"]) };
    await sessionContext(input);
    const runs = 50;
    const started = performance.now();
    for (let n = 0; n < runs; n++) await sessionContext(input);
    const buildMs = (performance.now() - started) / runs;
    const context = await sessionContext(input);
    const bodyBytes = Buffer.byteLength(agent.prompt);
    const systemBytes = context.system.reduce((sum, block) => sum + Buffer.byteLength(block), 0);
    const instructionBytes = context.instructions.files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
    const environmentBytes = Buffer.byteLength(context.environment);
    const later = (await sessionContext({ ...input, pipeline: pipeline(["test/total.test.js", "test/tax.test.js"]) })).system;
    const [first, second] = await sessionUsages(6, [context.system, later]);
    return { buildMs, bodyBytes, systemBytes, instructionBytes, environmentBytes, files: context.instructions.files.length, within: followUpShare(first.slice(1)), nextSession: followUpShare(second.slice(0, 1)) };
  } finally {
    await rm(project, { recursive: true, force: true });
  }
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
const figures = await contextFigures();
console.log(
  `runtime: session context adds ${figures.systemBytes - figures.bodyBytes} bytes to each request (${figures.files} instruction files ${figures.instructionBytes} B, environment block ${figures.environmentBytes} B; agent body ${figures.bodyBytes} B), built in ${figures.buildMs.toFixed(2)} ms per session`,
);
console.log(`runtime: with the session context, input tokens read from cache, turns 2-6: ${figures.within.toFixed(1)}% (target >= 80)`);
console.log(`runtime: the next session of the same agent (a changed environment block), turn 1 read from cache: ${figures.nextSession.toFixed(1)}%`);
