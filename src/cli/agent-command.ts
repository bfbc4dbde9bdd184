import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAgents } from "../agents/load-agents.js";
import { DEFAULT_MODEL } from "../agents/model-catalog.js";
import type { AgentDefinition } from "../domain/agent-definition.js";
import type { AgentEvent } from "../domain/events.js";
import { roleSchema } from "../domain/roles.js";
import { createProcessRunner, NO_ISOLATION_WARNING, processIsolation, scrubbedEnvironment } from "../process/index.js";
import { createAnthropicProvider, createRecordingProvider, createScriptedProvider, loadCassette, ProviderError, type ModelProvider } from "../provider/index.js";
import { drainSession, runSession } from "../runtime/index.js";
import { createToolset, Workspace } from "../tools/index.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";

const USAGE = [
  "Usage:",
  "  greenlight agent NAME --prompt TEXT [--project DIR] [--cassette FILE] [--record FILE] [--model ID] [--json]",
  "",
  "Runs one agent once on the project (default: the current folder) and streams what it says and does.",
  "  --cassette FILE  replay recorded turns offline instead of calling Claude",
  "  --record FILE    call Claude and write the turns to FILE as a cassette",
  "  --model ID       the model (else GREENLIGHT_MODEL, the agent's own, the default)",
  "  --json           one JSON event per line instead of text",
  "Needs ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) unless --cassette is given. Exit 0 when the session",
  "ends normally, 1 when it fails, 2 for a usage error, 130 when interrupted.",
].join("\n");

const FLAGS = {
  prompt: { type: "string" },
  project: { type: "string" },
  cassette: { type: "string" },
  record: { type: "string" },
  model: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const BUILTIN_DIR = fileURLToPath(new URL("../../agents/", import.meta.url));

async function pickProvider(cassette: string | undefined, record: string | undefined): Promise<ModelProvider> {
  if (cassette !== undefined) {
    if (record !== undefined) throw new UsageError("--cassette replays and --record records: give one of them", USAGE);
    try {
      return createScriptedProvider(await loadCassette(cassette), { paceMs: 0 });
    } catch (error) {
      throw new UserError((error as Error).message, 2);
    }
  }
  if (!process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_AUTH_TOKEN) {
    throw new UserError("no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN), or pass --cassette FILE to replay offline", 2);
  }
  try {
    const anthropic = createAnthropicProvider();
    return record === undefined ? anthropic : createRecordingProvider(anthropic, resolve(record));
  } catch (error) {
    if (error instanceof ProviderError) throw new UserError(error.message, 2);
    throw error;
  }
}

function modelFor(agent: AgentDefinition, flag: string | undefined): string {
  const fromAgent = agent.model !== "inherit" ? agent.model : undefined;
  return flag || process.env.GREENLIGHT_MODEL || fromAgent || DEFAULT_MODEL;
}

/** Readable text: what the agent says, one line per tool call, retries and the ending on stderr. */
function textPrinter() {
  const titles = new Map<string, string>();
  let midLine = false;
  const line = (text: string) => {
    process.stdout.write(`${midLine ? "\n" : ""}${text}\n`);
    midLine = false;
  };
  return (event: AgentEvent) => {
    switch (event.type) {
      case "text_delta":
        process.stdout.write(event.text);
        midLine = !event.text.endsWith("\n");
        break;
      case "tool_started":
        titles.set(event.toolUseId, event.title);
        break;
      case "tool_finished":
        line(`${event.tool} ${titles.get(event.toolUseId) ?? ""} -> ${event.summary} (${(event.durationMs / 1000).toFixed(1)} s)`);
        break;
      case "retry":
        process.stderr.write(`retrying (${event.attempt}) in ${(event.waitMs / 1000).toFixed(1)} s: ${event.reason}\n`);
        break;
      case "session_finished": {
        const { result } = event;
        if (midLine) line("");
        const tokens = result.usage.inputTokens + result.usage.outputTokens + result.usage.cacheCreationInputTokens + result.usage.cacheReadInputTokens;
        const ending = `${result.reason}: ${result.turns} turns, ${tokens} tokens, $${result.costUsd.toFixed(4)}`;
        process.stderr.write(`${ending}${result.error ? ` - ${result.error}` : ""}\n`);
        break;
      }
    }
  };
}

export default async function agentCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError("which agent? give its NAME", USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`, USAGE);
  if (!values.prompt) throw new UsageError("--prompt TEXT is required", USAGE);

  const projectDir = projectDirFrom(values.project);
  const catalog = await loadAgents({ projectDir, builtinDir: BUILTIN_DIR });
  const agent = catalog.agents.find((candidate) => candidate.name === name);
  if (!agent) throw new UserError(`no agent named '${name}'; known: ${catalog.agents.map((a) => a.name).join(", ") || "none"}`, 2);

  const provider = await pickProvider(values.cassette, values.record);
  const role = roleSchema.safeParse(agent.name).data;
  const workspace = await Workspace.create({ projectDir, protectedDirs: [".greenlight"] });
  const tools = createToolset({
    workspace,
    capabilities: agent.tools,
    ...(role === undefined ? {} : { role }),
    runner: createProcessRunner(),
    env: scrubbedEnvironment(process.env),
    onVerdict: () => undefined,
  });

  if ((await processIsolation()) === "none") process.stderr.write(`warning: ${NO_ISOLATION_WARNING}\n`);
  const controller = new AbortController();
  // A second Ctrl-C leaves at once; the first lets the session stop its tools and report.
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on("SIGINT", interrupt);
  // A closed stdout (piped into head) stops the session instead of crashing it.
  process.stdout.on("error", () => controller.abort());
  try {
    const print = values.json ? (event: AgentEvent) => process.stdout.write(JSON.stringify(event) + "\n") : textPrinter();
    const session = runSession({
      agent,
      ...(role === undefined ? {} : { role }),
      model: modelFor(agent, values.model),
      provider,
      tools,
      prompt: values.prompt,
      signal: controller.signal,
    });
    const outcome = await drainSession(session, print);
    if (outcome.reason === "aborted") return 130;
    return outcome.reason === "completed" ? 0 : 1;
  } finally {
    process.off("SIGINT", interrupt);
  }
}
