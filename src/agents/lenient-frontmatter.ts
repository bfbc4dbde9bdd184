import { load, CORE_SCHEMA } from "js-yaml";

/** Every top-level key any supported dialect defines or real files use; the lenient reader splits on these. */
const KNOWN_KEYS = new Set([
  "name", "description", "tools", "disallowedTools", "model", "permissionMode", "maxTurns", "skills", "mcpServers",
  "hooks", "memory", "background", "effort", "isolation", "color", "initialPrompt", "forkContext", "argument-hint",
  "argumentHint", "agents", "user-invocable", "user-invokable", "disable-model-invocation", "infer", "target",
  "mcp-servers", "mcp_servers", "handoffs", "title", "mode", "temperature", "top_p", "prompt", "permission",
  "permissions", "steps", "maxSteps", "disable", "hidden", "options", "variant", "kind", "display_name", "max_turns",
  "timeout_mins", "type", "capabilities", "priority", "version", "applyTo", "metadata", "license", "send",
]);

const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/;

export interface LenientEntry {
  key: string;
  value: unknown;
  /** Index of the key's line within the frontmatter (0-based). */
  lineIndex: number;
  /** True when the value could not be read as YAML and was taken as plain text. */
  asText: boolean;
}

function stripQuotes(text: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(text);
  return match ? match[2]! : text;
}

/**
 * Reads frontmatter that strict YAML rejects, key by key, the way Claude Code's line splitter and
 * opencode's block-scalar retry do: a new entry starts only at a known key in column 0, so the
 * `user:` / `Context:` lines of an unindented `<example>` block stay part of the description. Each entry
 * is tried as YAML on its own, and taken as text when that fails too.
 */
export function readFrontmatterLeniently(yaml: string): LenientEntry[] {
  const lines = yaml.split("\n");
  const starts: { key: string; index: number }[] = [];
  lines.forEach((line, index) => {
    const match = KEY_LINE.exec(line);
    if (match && KNOWN_KEYS.has(match[1]!)) starts.push({ key: match[1]!, index });
  });
  return starts.map(({ key, index }, position) => {
    const end = starts[position + 1]?.index ?? lines.length;
    const segment = lines.slice(index, end);
    try {
      const parsed = load(segment.join("\n"), { schema: CORE_SCHEMA }) as Record<string, unknown> | null;
      if (parsed && typeof parsed === "object" && Object.hasOwn(parsed, key)) return { key, value: parsed[key], lineIndex: index, asText: false };
    } catch {
      // Not YAML on its own either: fall through to reading it as text.
    }
    const first = segment[0]!.slice(segment[0]!.indexOf(":") + 1).trim();
    const text = [first, ...segment.slice(1)].join("\n").trim();
    return { key, value: stripQuotes(text), lineIndex: index, asText: true };
  });
}
