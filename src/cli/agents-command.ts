import { relative, resolve } from "node:path";
import type { AgentDefinition, Diagnostic, PermissionRule } from "../domain/agent-definition.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { permissionLines } from "./permission-lines.js";
import { loadAgents } from "../agents/load-agents.js";
import { offeredTools } from "../agents/offered-tools.js";
import type { AgentCatalog, AgentFileReport } from "../agents/agent-catalog.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";
import { previewContext } from "./agent-context.js";
import type { SessionContext } from "../context/index.js";
import { describeTransport, readServerConfigs, serversOfAgent, type McpServerConfig } from "../mcp/index.js";

const USAGE = [
  "Usage:",
  "  greenlight agents [list] [--project DIR] [--json]   every usable agent: name, file, dialect, tools, model, handoffs",
  "  greenlight agents show NAME [--project DIR]         one agent in full: its prompt, the project instructions and environment it gets",
  "  greenlight agents lint [PATH...] [--json]           check agent files (PATH: a file or a folder; default: the project's)",
  "",
  "Agents come from greenlight's agents/, then the project's .claude/agents/, .github/agents/,",
  ".github/chatmodes/, .opencode/agent(s)/ and .greenlight/agents/; a later one overrides a same-name earlier one.",
  "lint exits 0 when every file is valid and 1 when any file has errors.",
].join("\n");

const BUILTIN_DIR = PACKAGE_ASSETS.builtinAgents;
const FLAGS = { project: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

/** greenlight.json's permission rules, which every agent's own are merged with (zod loads only here). */
async function teamRulesOf(projectDir: string): Promise<PermissionRule[]> {
  const { readPeopleRules, readProjectConfig } = await import("../run/config.js");
  return readPeopleRules(projectDir, readProjectConfig(projectDir), []).team;
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") || rel === "" ? file : rel;
}

function toolsText(agent: AgentDefinition): string {
  if (agent.tools.mode === "all") return "all";
  if (agent.tools.mode === "none") return "none";
  return agent.tools.capabilities.join(",") || "(none known)";
}

function diagnosticLines(report: AgentFileReport): string[] {
  const line = (kind: string, diagnostic: Diagnostic) => `${shown(report.file)}${diagnostic.line ? `:${diagnostic.line}` : ""}: ${kind}: ${diagnostic.message}`;
  return [...report.errors.map((d) => line("error", d)), ...report.warnings.map((d) => line("warning", d))];
}

async function listAgents(catalog: AgentCatalog, json: boolean): Promise<number> {
  if (json) {
    const rows = catalog.agents.map((agent) => ({
      name: agent.name,
      file: shown(agent.source.file),
      origin: agent.source.origin,
      dialect: agent.dialect,
      tools: agent.tools,
      model: agent.model,
      handoffs: agent.handoffs,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    for (const agent of catalog.agents) {
      const handoffs = agent.handoffs.map((handoff) => handoff.resolvedAgent ?? `${handoff.agent}?`).join(",") || "-";
      process.stdout.write(`${agent.name}\n  file ${shown(agent.source.file)} (${agent.dialect})\n  tools ${toolsText(agent)}  model ${agent.model}  handoffs ${handoffs}\n`);
    }
  }
  const broken = catalog.files.filter((report) => !report.ok).length;
  if (broken > 0) process.stderr.write(`${broken} agent file(s) could not be loaded; run 'greenlight agents lint' for details\n`);
  return 0;
}

const bytes = (count: number) => `${count.toLocaleString("en-US")} bytes`;

/** The project instruction files the agent gets (and those left out, with why), then its environment block. */
function contextLines(context: SessionContext): string[] {
  const { files, skipped } = context.instructions;
  const total = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  return [
    "",
    files.length ? `project instructions: ${files.length} file(s), ${bytes(total)} in the system prompt` : "project instructions: none",
    ...files.map((file) => {
      const notes = [
        file.importedBy ? `imported by ${file.importedBy}` : "",
        file.applyTo ? `applyTo ${file.applyTo.join(",")}` : "",
        file.cut ? `cut to ${bytes(Buffer.byteLength(file.text))} (${file.cut})` : "",
      ].filter(Boolean);
      return `  ${file.path}  ${bytes(file.bytes)}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    }),
    ...skipped.map((skip) => `  left out: ${skip.path}${skip.importedBy ? ` (imported by ${skip.importedBy})` : ""}: ${skip.reason}`),
    "",
    `environment block (${bytes(Buffer.byteLength(context.environment))}):`,
    context.environment,
  ];
}

/** Each MCP server the agent may use, with the command it runs (as written: references stay unresolved). */
function mcpLines(agent: AgentDefinition, servers: McpServerConfig[]): string[] {
  try {
    return serversOfAgent(agent, servers).map((server) => `mcp server ${server.name}: ${describeTransport(server.transport)} (${shown(server.file)})`);
  } catch (error) {
    return [`mcp servers: ${(error as Error).message}`];
  }
}

async function showAgent(catalog: AgentCatalog, name: string, projectDir: string, servers: McpServerConfig[]): Promise<number> {
  const team = await teamRulesOf(projectDir);
  const agent = catalog.agents.find((candidate) => candidate.name === name) ?? catalog.agents.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!agent) throw new UserError(`no agent named '${name}'; known agents: ${catalog.agents.map((candidate) => candidate.name).join(", ")}`, 1);
  const report = catalog.files.find((candidate) => candidate.agent === agent);
  const lines = [
    `name: ${agent.name}`,
    `file: ${shown(agent.source.file)} (${agent.source.origin}, ${agent.dialect})`,
    `description: ${agent.description}`,
    `tools: ${toolsText(agent)}${agent.tools.raw.length ? ` (written: ${agent.tools.raw.join(", ")})` : ""}`,
    `offered: ${offeredTools(agent.tools).join(", ") || "none"}${agent.tools.capabilities.includes("task") ? " (Task only where it may start subagents: not in a subagent)" : ""}`,
    `model: ${agent.model}`,
    ...(agent.maxTurns ? [`maxTurns: ${agent.maxTurns}`] : []),
    ...(agent.permissionMode ? [`permissionMode: ${agent.permissionMode}`] : []),
    ...permissionLines(agent, team),
    ...mcpLines(agent, servers),
    ...agent.handoffs.map((handoff) => `handoff: "${handoff.label}" -> ${handoff.resolvedAgent ?? `${handoff.agent} (unresolved)`}${handoff.send ? " (sends)" : ""}`),
    ...(report ? diagnosticLines(report) : []),
    "",
    agent.prompt,
    ...contextLines(await previewContext(projectDir, agent)),
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

function lintReports(reports: AgentFileReport[], json: boolean): number {
  if (json) {
    const rows = reports.map((report) => ({
      file: shown(report.file),
      ok: report.ok,
      dialect: report.dialect,
      agent: report.agent && {
        name: report.agent.name,
        description: report.agent.description,
        tools: report.agent.tools,
        model: report.agent.model,
        handoffs: report.agent.handoffs,
      },
      warnings: report.warnings,
      errors: report.errors,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    for (const report of reports) process.stdout.write([`${report.ok ? "ok  " : "FAIL"} ${shown(report.file)}`, ...diagnosticLines(report).map((line) => `  ${line}`)].join("\n") + "\n");
    const failed = reports.filter((report) => !report.ok).length;
    process.stdout.write(`${reports.length} file(s), ${failed} with errors\n`);
  }
  return reports.every((report) => report.ok) ? 0 : 1;
}

/** `greenlight agents [list|show|lint]`. */
export default async function agentsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const [sub = "list", ...rest] = positionals;
  const projectDir = projectDirFrom(values.project);
  if (sub === "list") {
    if (rest.length > 0) throw new UsageError(`'agents list' takes no arguments, got '${rest[0]}'`, USAGE);
    return listAgents(await loadAgents({ projectDir, builtinDir: BUILTIN_DIR }), values.json === true);
  }
  if (sub === "show") {
    if (rest.length !== 1) throw new UsageError("'agents show' needs exactly one agent NAME", USAGE);
    if (values.json) throw new UsageError("'agents show' has no --json option", USAGE);
    const servers = await readServerConfigs(projectDir);
    return showAgent(await loadAgents({ projectDir, builtinDir: BUILTIN_DIR, mcpServers: servers.map((server) => server.name) }), rest[0]!, projectDir, servers);
  }
  if (sub === "lint") {
    const mcpServers = (await readServerConfigs(projectDir)).map((server) => server.name);
    if (rest.length === 0) {
      const catalog = await loadAgents({ projectDir, builtinDir: BUILTIN_DIR, mcpServers });
      return lintReports(catalog.files.filter((report) => !report.file.startsWith(BUILTIN_DIR)), values.json === true);
    }
    const catalog = await loadAgents({ projectDir, builtinDir: BUILTIN_DIR, explicitPaths: rest.map((path) => resolve(path)), explicitOnly: true, mcpServers });
    return lintReports(catalog.files, values.json === true);
  }
  throw new UsageError(`unknown agents subcommand '${sub}'`, USAGE);
}
