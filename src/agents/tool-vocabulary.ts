import type { Capability } from "../domain/agent-definition.js";

/**
 * Tool names from Claude Code, Copilot (VS Code, CLI, GitHub.com), opencode and Gemini CLI, by the
 * greenlight capability they grant. Source: the normalisation table in
 * shared/reference/agent-formats-normalization.md (a scan of 2,884 real agent files).
 */
const NAMES_BY_CAPABILITY: Record<Capability, string[]> = {
  read: [
    "Read", "NotebookRead", "read", "view", "read_file", "read_many_files", "problems", "selection", "readCellOutput",
    "terminalLastCommand", "terminalSelection", "execute/getTaskOutput", "runCommands/terminalLastCommand",
    "runCommands/terminalSelection", "runTasks/getTaskOutput", "getTaskOutput",
  ],
  write: ["Write", "write", "create", "write_file", "write_to_file"],
  edit: [
    "Edit", "MultiEdit", "NotebookEdit", "multiedit", "apply_patch", "patch", "replace", "str_replace", "str_replace_editor",
    "editFiles", "editNotebook",
  ],
  bash: [
    "Bash", "bash", "BashOutput", "KillBash", "KillShell", "Monitor", "PowerShell", "powershell", "shell", "execute",
    "TaskOutput", "TaskStop", "run_shell_command", "runCommands", "runInTerminal", "getTerminalOutput", "runTasks",
    "createAndRunTask", "runTests", "testFailure", "runNotebooks", "terminalCommand", "list_bash", "read_bash",
    "write_bash", "stop_bash", "runCommands/getTerminalOutput", "runCommands/runInTerminal", "runTasks/createAndRunTask",
    "code_interpreter", "python_interpreter", "run_python_code",
  ],
  search: [
    "Grep", "grep", "LSP", "lsp", "ToolSearch", "codesearch", "grep_search", "search_file_content", "rg", "codebase",
    "usages", "changes", "searchResults", "textSearch",
  ],
  glob: ["Glob", "glob", "LS", "list", "list_directory", "findFiles", "findTestFiles", "fileSearch", "listDirectory"],
  web: [
    "WebFetch", "WebSearch", "web", "fetch", "webfetch", "websearch", "web_fetch", "web_search", "google_web_search",
    "google_search", "githubRepo", "githubTextSearch", "browser", "openSimpleBrowser", "vscode/openSimpleBrowser",
  ],
  task: [
    "Agent", "Task", "agent", "task", "custom-agent", "runSubagent", "invoke_agent", "SendMessage", "ListAgents",
    "list_agents", "read_agent", "TeamCreate", "TeamDelete",
  ],
  todo: ["TodoWrite", "TodoRead", "todo", "todos", "todowrite", "todoread", "write_todos", "TaskCreate", "TaskGet", "TaskList", "TaskUpdate"],
  mcp: ["ListMcpResourcesTool", "ReadMcpResourceTool", "WaitForMcpServers"],
};

/** Copilot tool sets that grant more than one capability. */
const TOOL_SETS: Record<string, Capability[]> = {
  edit: ["edit", "write"],
  search: ["search", "glob"],
};

/** Namespaced VS Code tools (`read/readFile`) take the capability of their namespace, with these exceptions. */
const NAMESPACE_CAPABILITY: Record<string, Capability> = {
  read: "read",
  edit: "edit",
  execute: "bash",
  search: "search",
  web: "web",
  agent: "task",
  todo: "todo",
};
const NAMESPACED_EXCEPTIONS: Record<string, Capability> = {
  "edit/createFile": "write",
  "edit/createDirectory": "write",
  "search/fileSearch": "glob",
  "search/listDirectory": "glob",
};

function buildExact(): Map<string, Capability[]> {
  const exact = new Map<string, Capability[]>();
  for (const [capability, names] of Object.entries(NAMES_BY_CAPABILITY) as [Capability, string[]][]) {
    for (const name of names) exact.set(name, [capability]);
  }
  for (const [name, capabilities] of Object.entries(TOOL_SETS)) exact.set(name, capabilities);
  return exact;
}

const EXACT = buildExact();
const FOLDED = new Map([...EXACT].map(([name, capabilities]) => [name.toLowerCase(), capabilities] as const));

/**
 * The capabilities one tool token grants, or null when greenlight has no equivalent. The lookup is
 * case-sensitive first because Claude and Copilot use different cases for different things, then
 * case-insensitive as GitHub does for its aliases.
 */
export function capabilitiesOfTool(token: string): Capability[] | null {
  const known = EXACT.get(token) ?? FOLDED.get(token.toLowerCase());
  if (known) return known;
  const scope = /^(\w+)\(.*\)$/s.exec(token);
  if (scope) return capabilitiesOfTool(scope[1]!);
  if (NAMESPACED_EXCEPTIONS[token]) return [NAMESPACED_EXCEPTIONS[token]];
  if (isMcpToolName(token)) return ["mcp"];
  const slash = token.indexOf("/");
  if (slash > 0) {
    const namespace = NAMESPACE_CAPABILITY[token.slice(0, slash)];
    if (namespace) return [namespace];
  }
  return null;
}

/**
 * MCP tool forms of every dialect: `mcp__srv__tool` (Claude), `mcp_srv_tool` (Gemini), `srv/tool` and
 * `srv/*` (Copilot; not a VS Code namespace nor a `publisher.extension/tool`), `srv_*` (opencode).
 */
export function isMcpToolName(token: string): boolean {
  if (/^mcp__?[\w*-]/.test(token)) return true;
  if (/^[\w-]+_\*$/.test(token)) return true;
  const slash = token.indexOf("/");
  if (slash <= 0) return false;
  const server = token.slice(0, slash);
  if (NAMESPACE_CAPABILITY[server] || server === "vscode") return false;
  const looksLikeExtension =
    token.split("/").length === 2 && /^[\w-]+\.[\w-]+$/.test(server) && !/mcp/i.test(server) && !token.endsWith("/*");
  return !looksLikeExtension;
}
