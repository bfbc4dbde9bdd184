import type { Capability, ToolSelection } from "../domain/agent-definition.js";
import { CAPABILITY_ORDER } from "./capability-order.js";

/**
 * The tool each capability gives an agent (src/tools/toolset.ts builds them; a test keeps the two
 * equal). `mcp` gives the tools of the MCP servers the agent may use, named by the servers.
 */
export const TOOL_OF_CAPABILITY: Record<Capability, string | undefined> = {
  read: "Read",
  write: "Write",
  edit: "Edit",
  bash: "Bash",
  search: "Grep",
  glob: "Glob",
  web: "WebFetch",
  task: "Task",
  todo: "TodoWrite",
  mcp: undefined,
};

/** The tools an agent with these capabilities is offered, in the order the model sees them. */
export function offeredTools(tools: ToolSelection): string[] {
  const granted = tools.mode === "all" ? CAPABILITY_ORDER : tools.capabilities;
  return CAPABILITY_ORDER.filter((capability) => granted.includes(capability)).flatMap((capability) => TOOL_OF_CAPABILITY[capability] ?? []);
}

/**
 * Names that grant a capability although greenlight has nothing like the tool they name: the agent
 * gets the capability's tool instead, and lint says so. The value says what is missing.
 */
const STAND_INS: Record<string, string> = {
  WebSearch: "web search",
  web_search: "web search",
  websearch: "web search",
  google_web_search: "web search",
  google_search: "web search",
  githubRepo: "GitHub code search",
  githubTextSearch: "GitHub code search",
  browser: "browser",
  openSimpleBrowser: "browser",
  SendMessage: "agent teams",
  ListAgents: "agent teams",
  list_agents: "agent teams",
  read_agent: "agent teams",
  TeamCreate: "agent teams",
  TeamDelete: "agent teams",
  BashOutput: "background shells",
  KillBash: "background shells",
  KillShell: "background shells",
  TaskOutput: "background shells",
  TaskStop: "background shells",
  Monitor: "background shells",
  list_bash: "background shells",
  read_bash: "background shells",
  write_bash: "background shells",
  stop_bash: "background shells",
  getTerminalOutput: "background shells",
  getTaskOutput: "editor tasks",
  LSP: "language server",
  lsp: "language server",
  usages: "language server",
  ToolSearch: "tool search",
  problems: "editor diagnostics",
  testFailure: "editor test results",
  selection: "editor selection",
  terminalSelection: "editor terminal",
  terminalLastCommand: "editor terminal",
  changes: "source control view",
  NotebookRead: "notebooks",
  NotebookEdit: "notebooks",
  editNotebook: "notebooks",
  runNotebooks: "notebooks",
  readCellOutput: "notebooks",
};

/** What greenlight lacks for a tool name that only grants a stand-in (`read/problems` counts as `problems`). */
export function missingBehind(token: string): string | undefined {
  const name = token.replace(/\(.*\)$/s, "");
  return STAND_INS[name] ?? STAND_INS[name.slice(name.lastIndexOf("/") + 1)];
}

/** The lint warning for a name that grants a stand-in, or undefined when the name gets what it says. */
export function standInWarning(token: string, capabilities: readonly Capability[]): string | undefined {
  const missing = missingBehind(token);
  const tool = capabilities.map((capability) => TOOL_OF_CAPABILITY[capability]).find((name) => name !== undefined);
  if (missing === undefined || tool === undefined) return undefined;
  return `tools: greenlight has no ${missing} for '${token}'; the agent gets ${tool} instead`;
}
