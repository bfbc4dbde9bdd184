import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { AgentSource } from "./agent-catalog.js";

interface Place {
  origin: string;
  /** Folder below the project (or the builtin folder itself when origin is "builtin"). */
  folder: string;
  recursive: boolean;
  matches: (name: string) => boolean;
}

const isMarkdown = (name: string) => name.toLowerCase().endsWith(".md");

/** The project places searched, in override order: a later place wins over an earlier one. */
const PROJECT_PLACES: Place[] = [
  { origin: ".claude/agents", folder: ".claude/agents", recursive: true, matches: isMarkdown },
  { origin: ".github/agents", folder: ".github/agents", recursive: false, matches: isMarkdown },
  { origin: ".github/chatmodes", folder: ".github/chatmodes", recursive: false, matches: (name) => name.toLowerCase().endsWith(".chatmode.md") },
  { origin: ".opencode/agent", folder: ".opencode/agent", recursive: true, matches: isMarkdown },
  { origin: ".opencode/agents", folder: ".opencode/agents", recursive: true, matches: isMarkdown },
  { origin: ".greenlight/agents", folder: ".greenlight/agents", recursive: true, matches: isMarkdown },
];

/**
 * Markdown files below a folder in a stable (sorted) order. Symbolic links are not followed, so a
 * cloned repository cannot point discovery outside itself or into a loop; a missing folder is empty.
 */
export async function markdownFilesIn(folder: string, recursive: boolean, matches: (name: string) => boolean = isMarkdown): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && matches(entry.name)) files.push(path);
    else if (entry.isDirectory() && recursive) files.push(...(await markdownFilesIn(path, true, matches)));
  }
  return files;
}

/** Every builtin and project agent file, in override order. */
export async function discoverAgentFiles(projectDir: string, builtinDir: string): Promise<AgentSource[]> {
  const builtin = (await markdownFilesIn(builtinDir, false)).map((file) => ({ file, origin: "builtin", root: builtinDir }));
  const project = await Promise.all(
    PROJECT_PLACES.map(async (place) => {
      const root = join(projectDir, place.folder);
      return (await markdownFilesIn(root, place.recursive, place.matches)).map((file) => ({ file, origin: place.origin, root }));
    }),
  );
  return [...builtin, ...project.flat()];
}

/** Explicit paths: a file is taken as is (whatever its name); a folder contributes its Markdown files, recursively. */
export async function explicitAgentFiles(paths: string[]): Promise<AgentSource[]> {
  const sources: AgentSource[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) sources.push(...(await markdownFilesIn(path, true)).map((file) => ({ file, origin: "explicit", root: path })));
    else sources.push({ file: path, origin: "explicit" });
  }
  return sources;
}
