import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Cassette } from "../../src/domain/cassette.js";
import { createAnthropicProvider } from "../../src/provider/anthropic-provider.js";
import { loadCassette } from "../../src/provider/load-cassette.js";
import type { ModelRequest, ProviderEvent } from "../../src/provider/model-provider.js";
import { createRecordingProvider } from "../../src/provider/recording-provider.js";
import { createScriptedProvider } from "../../src/provider/scripted-provider.js";
import { reply, startFakeMessagesServer, text, toolUse, type FakeMessagesServer } from "../support/fake-messages-server.js";

let dir: string;
let server: FakeMessagesServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-cassette-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const ask = (agent: string, requirement?: string): ModelRequest => ({
  model: "m",
  system: ["s"],
  tools: [],
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  maxTokens: 100,
  agent,
  ...(requirement === undefined ? {} : { requirement }),
});

async function collect(events: AsyncIterable<ProviderEvent>) {
  const seen: ProviderEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}
const messageOf = (events: ProviderEvent[]) => events.find((event) => event.type === "message");
const signal = () => new AbortController().signal;

const cassette: Cassette = {
  version: 1,
  scripts: [
    { agent: "qa", requirement: "R2", turns: [{ content: [{ type: "text", text: "tests for R2" }] }] },
    { agent: "qa", turns: [{ content: [{ type: "text", text: "any one" }] }, { content: [{ type: "text", text: "any two" }] }] },
    { agent: "backend", turns: [{ content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "npm test" } }] }] },
  ],
};

describe("ScriptedProvider", () => {
  it("streams text in small chunks, then a message with the tool call and a plausible usage", async () => {
    const provider = createScriptedProvider(cassette, { chunkChars: 3 });
    const events = await collect(provider.stream(ask("backend"), signal()));
    expect(messageOf(events)).toMatchObject({ stopReason: "tool_use", content: [{ type: "tool_use", name: "Bash" }] });
    const usage = messageOf(events)?.type === "message" ? (messageOf(events) as { usage: { inputTokens: number } }).usage : undefined;
    expect(usage?.inputTokens).toBeGreaterThan(0);
    const chunks = (await collect(createScriptedProvider(cassette, { chunkChars: 3 }).stream(ask("qa"), signal()))).filter((event) => event.type === "text_delta");
    expect(chunks.map((event) => (event as { text: string }).text)).toEqual(["any", " on", "e"]);
  });

  it("serves a requirement's own script first, and a script without requirement for any other", async () => {
    const provider = createScriptedProvider(cassette);
    const said = async (requirement?: string) => JSON.stringify(messageOf(await collect(provider.stream(ask("qa", requirement), signal()))));
    expect(await said("R2")).toContain("tests for R2");
    expect(await said("R7")).toContain("any one");
    expect(await said("R7")).toContain("any two");
  });

  it("fails clearly when the cassette runs out or has no turns for the agent", async () => {
    const provider = createScriptedProvider(cassette);
    await collect(provider.stream(ask("backend"), signal()));
    await expect(collect(provider.stream(ask("backend"), signal()))).rejects.toThrow("the cassette ran out for agent 'backend' after 1 turns");
    await expect(collect(provider.stream(ask("qa", "R2"), signal()))).resolves.toBeDefined();
    await expect(collect(provider.stream(ask("qa", "R2"), signal()))).rejects.toThrow("ran out for agent 'qa' (requirement R2) after 1 turns");
    await expect(collect(provider.stream(ask("reviewer"), signal()))).rejects.toThrow("no turns for agent 'reviewer'");
  });

  it("says up front when it cannot serve an agent: no script, or its turns used up", async () => {
    const provider = createScriptedProvider(cassette);
    expect(provider.cannotServe?.("reviewer")).toMatch(/no turns for agent 'reviewer'/);
    expect(provider.cannotServe?.("backend")).toBeUndefined();
    await collect(provider.stream(ask("backend"), signal()));
    expect(provider.cannotServe?.("backend")).toBe("the cassette's turns for agent 'backend' are used up");
  });

  it("stops at the pace when aborted", async () => {
    const controller = new AbortController();
    const provider = createScriptedProvider(cassette, { paceMs: 20, chunkChars: 1 });
    const run = (async () => {
      for await (const event of provider.stream(ask("qa"), controller.signal)) if (event.type === "text_delta") controller.abort();
    })();
    await expect(run).rejects.toMatchObject({ kind: "aborted" });
  });
});

describe("loadCassette", () => {
  it("loads the sample cassette", async () => {
    const loaded = await loadCassette(join(import.meta.dirname, "../fixtures/cassettes/backend-writes-file.json"));
    expect(loaded.scripts[0]!.turns).toHaveLength(3);
  });

  it("names the file and the line of a JSON syntax error", async () => {
    const file = join(dir, "broken.json");
    await writeFile(file, '{\n  "version": 1,\n  "scripts": [,]\n}\n');
    await expect(loadCassette(file)).rejects.toThrow(new RegExp(`${file.replace(/[.]/g, "\\.")}: line 3: not valid JSON`));
  });

  it("names the field and what was expected", async () => {
    const file = join(dir, "wrong.json");
    await writeFile(file, JSON.stringify({ version: 2, scripts: [{ agent: "qa", turns: [] }] }));
    await expect(loadCassette(file)).rejects.toThrow(/wrong\.json: not a valid cassette: version: .*1.*scripts\.0\.turns/);
  });

  it("says when the file cannot be read", async () => {
    await expect(loadCassette(join(dir, "missing.json"))).rejects.toThrow(/cannot read cassette .*missing\.json: ENOENT/);
  });
});

describe("RecordingProvider", () => {
  it("writes a cassette the scripted provider replays to the same messages", async () => {
    server = await startFakeMessagesServer([reply([text("Running the tests."), toolUse("toolu_1", "Bash", { command: "npm test" })]), reply([text("All green.")])]);
    const file = join(dir, "recorded.json");
    const recording = createRecordingProvider(createAnthropicProvider({ apiKey: "k", baseURL: server.baseURL, env: {} }), file);
    const live = [messageOf(await collect(recording.stream(ask("backend", "R1"), signal()))), messageOf(await collect(recording.stream(ask("backend", "R1"), signal())))];
    const replay = createScriptedProvider(await loadCassette(file));
    const replayed = [messageOf(await collect(replay.stream(ask("backend", "R1"), signal()))), messageOf(await collect(replay.stream(ask("backend", "R1"), signal())))];
    expect(replayed.map((event) => event?.type === "message" && [event.content, event.stopReason])).toEqual(live.map((event) => event?.type === "message" && [event.content, event.stopReason]));
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 1, scripts: [{ agent: "backend", requirement: "R1" }] });
  });
});
