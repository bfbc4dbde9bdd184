import { join, resolve } from "node:path";
import { loadAgents } from "../agents/load-agents.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { roleSchema } from "../domain/roles.js";
import { EventBus } from "../events/event-bus.js";
import { commandIsolation, createProcessRunner, scrubbedEnvironment } from "../process/index.js";
import { readPeopleRules, readProjectConfig } from "../run/config.js";
import { openProvider } from "../run/open-provider.js";
import { subagentLimits, webFetchOptions } from "../run/tools-config.js";
import { reasoningConfig, reasoningFor } from "../run/reasoning-config.js";
import { createSessionFactory } from "../runtime/index.js";
import { sandboxSettings } from "../sandbox/sandbox-config.js";
import { agentTextPrinter } from "../sinks/agent-text-printer.js";
import { attachHeadlessReporter } from "../sinks/headless-reporter.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";
import { standaloneContext } from "./agent-context.js";
import { openMcpServers } from "../run/open-mcp-servers.js";

const USAGE = [
  "Usage:",
  "  greenlight agent NAME --prompt TEXT [--project DIR] [--cassette FILE] [--record FILE] [--model ID]",
  "                   [--allow RULE]... [--json]",
  "",
  "Runs one agent once on the project (default: the current folder) and streams what it says and does.",
  "  --cassette FILE  replay recorded turns offline instead of calling Claude",
  "  --record FILE    call Claude and write the turns to FILE as a cassette",
  "  --model ID       the model (beats GREENLIGHT_MODEL, the agent's own model, greenlight.json's, the default)",
  "  --allow RULE     allow what the agent's or greenlight.json's rules would ask for, e.g. 'Bash(git push:*)'",
  "                   (no one is asked here: without it, such a call is refused)",
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
  allow: { type: "string", multiple: true },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const BUILTIN_DIR = PACKAGE_ASSETS.builtinAgents;

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
  const config = readProjectConfig(projectDir);
  const workspaceModel = config.model;
  const catalog = await loadAgents({ projectDir, builtinDir: BUILTIN_DIR, ...(workspaceModel ? { workspaceModel } : {}) });
  const agent = catalog.agents.find((candidate) => candidate.name === name);
  if (!agent) throw new UserError(`no agent named '${name}'; known: ${catalog.agents.map((a) => a.name).join(", ") || "none"}`, 2);

  const people = readPeopleRules(projectDir, config, values.allow ?? []);
  if (values.cassette !== undefined && values.record !== undefined) throw new UsageError("--cassette replays and --record records: give one of them", USAGE);
  const sandbox = { ...sandboxSettings(projectDir, config), readOnly: [join(projectDir, ".greenlight")] };
  const isolation = await commandIsolation(sandbox.mode);
  if (isolation.refusal !== undefined) throw new UserError(isolation.refusal, 2);
  const provider = await openProvider({ cassette: values.cassette, ...(values.record ? { record: resolve(values.record) } : {}) });
  const role = roleSchema.safeParse(agent.name).data;
  const bus = new EventBus(`agent-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  if (values.json) attachHeadlessReporter(bus, process.stdout, { json: true });
  else bus.subscribe(agentTextPrinter(process.stdout, process.stderr));
  const env = scrubbedEnvironment(process.env);
  const mcp = await openMcpServers(projectDir, env, (message) => bus.publish({ type: "log", level: "warn", message }));
  const runner = createProcessRunner({ sandbox });
  const factory = createSessionFactory({
    projectDir,
    protectedDirs: [".greenlight"],
    provider,
    runner,
    env,
    mcpTools: (allowed) => mcp.toolsFor(allowed),
    models: { flag: values.model, env: process.env.GREENLIGHT_MODEL, config: workspaceModel },
    systemFor: async (agent, role) => (await standaloneContext(projectDir, agent, role)).system,
    permissions: people,
    webFetch: webFetchOptions(config.tools),
    subagents: { catalog: catalog.agents, limits: subagentLimits(config.tools) },
    reasoningFor: (agent, role) => reasoningFor(reasoningConfig(config), agent, role),
    ...(config.pricing ? { pricing: config.pricing } : {}),
  });

  if (isolation.warning !== undefined) bus.publish({ type: "log", level: "warn", message: isolation.warning });
  const controller = new AbortController();
  // A second Ctrl-C leaves at once; the first lets the session stop its tools and report.
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on("SIGINT", interrupt);
  // A closed stdout (piped into head) stops the session instead of crashing it.
  process.stdout.on("error", () => controller.abort());
  try {
    const outcome = await factory.run({
      agent,
      ...(role === undefined ? {} : { role }),
      prompt: values.prompt,
      signal: controller.signal,
      onEvent: (event) => bus.publish(event),
    });
    if (outcome.reason === "aborted") return 130;
    return outcome.reason === "completed" ? 0 : 1;
  } finally {
    process.off("SIGINT", interrupt);
    await mcp.close();
    await runner.close();
  }
}
