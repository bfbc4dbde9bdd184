import { open } from "node:fs/promises";
import type { Diagnostic } from "../domain/agent-definition.js";
import type { AgentFileReport, AgentSource } from "./agent-catalog.js";
import { buildAgentDefinition } from "./build-agent-definition.js";
import { decodeAgentText } from "./decode-agent-text.js";
import { detectDialect } from "./detect-dialect.js";
import { MAX_FILE_BYTES } from "./limits.js";
import { parseFrontmatter } from "./parse-frontmatter.js";
import { splitFrontmatter } from "./split-frontmatter.js";

/** Reads the file unless it is over the size limit; then only its size is read, never its contents. */
async function readBounded(file: string): Promise<Uint8Array | "too large"> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > MAX_FILE_BYTES) return "too large";
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

const TOO_LARGE = `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: agent files are limited to that size`;

function failedReport(source: AgentSource, errors: Diagnostic[], warnings: Diagnostic[] = []): AgentFileReport {
  return { file: source.file, ok: false, dialect: detectDialect(source.origin, source.file, null), agent: null, warnings, errors };
}

/** Parses already-read file contents; separate from reading so tests and callers can feed text directly. */
export function parseAgentFile(source: AgentSource, bytes: Uint8Array, workspaceModel?: string, mcpServers?: readonly string[]): AgentFileReport {
  const failed = (message: string, line?: number) => failedReport(source, [{ message, line }]);
  if (bytes.length > MAX_FILE_BYTES) return failed(TOO_LARGE);
  if (bytes.length === 0) return failed("empty file: expected '---' frontmatter with at least a description, then the agent's instructions");
  const decoded = decodeAgentText(bytes);
  if (!decoded.ok) return failed(decoded.error);
  const split = splitFrontmatter(decoded.text);
  if (split.kind === "none") return failed("no frontmatter: expected line 1 to be '---', then 'key: value' lines and a closing '---'", 1);
  if (split.kind === "error") return failed(split.message, split.line);

  const warnings: Diagnostic[] = split.warning ? [split.warning] : [];
  const parsed = parseFrontmatter(split.yaml, split.yamlLine);
  warnings.push(...parsed.warnings);
  if (!parsed.data) return failedReport(source, parsed.errors, warnings);
  const dialect = detectDialect(source.origin, source.file, parsed.data);
  const built = buildAgentDefinition({ source, dialect, data: parsed.data, body: split.body, keyLines: parsed.keyLines, workspaceModel, ...(mcpServers ? { mcpServers } : {}) });
  warnings.push(...built.warnings);
  const errors = [...parsed.errors, ...built.errors];
  return { file: source.file, ok: errors.length === 0, dialect, agent: errors.length === 0 ? built.agent : null, warnings, errors };
}

/** Loads one agent file. Never throws: an unreadable file becomes a report with an error. */
export async function loadAgentFile(source: AgentSource, workspaceModel?: string, mcpServers?: readonly string[]): Promise<AgentFileReport> {
  let bytes: Uint8Array | "too large";
  try {
    bytes = await readBounded(source.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, expected a Markdown file" : `cannot read (${code ?? (error as Error).message})`;
    return failedReport(source, [{ message: reason }]);
  }
  if (bytes === "too large") return failedReport(source, [{ message: TOO_LARGE }]);
  return parseAgentFile(source, bytes, workspaceModel, mcpServers);
}
