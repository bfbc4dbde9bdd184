import { posix } from "node:path";
import { projectFiles } from "../files/project-files.js";
import { globMatcher, PathRefusedError, Workspace } from "../tools/index.js";
import { scopedInstructions } from "./apply-to.js";
import { claudeImports } from "./claude-imports.js";
import { MAX_IMPORT_DEPTH, MAX_IMPORTS_PER_FILE, MAX_INSTRUCTION_FILE_BYTES, MAX_INSTRUCTIONS_TOTAL_BYTES, MAX_SCOPED_INSTRUCTION_FILES } from "./instruction-limits.js";
import type { InstructionsConfig } from "./instructions-config.js";
import { readCappedText } from "./read-capped-text.js";

export interface InstructionFile {
  /** Relative to the project, "/" separators, every symlink resolved. */
  path: string;
  /** The CLAUDE.md (or import) whose `@path` brought this file in. */
  importedBy?: string;
  /** The `applyTo` globs of a Copilot `.instructions.md` file. */
  applyTo?: string[];
  /** The file's size on disk. */
  bytes: number;
  /** What the agent receives: the text, with a note at the end when it was cut. */
  text: string;
  /** Why the text is shorter than the file: the cap per file, or the cap on all instructions together. */
  cut?: "file cap" | "total cap";
}

export interface SkippedInstruction {
  path: string;
  importedBy?: string;
  reason: string;
}

export interface ProjectInstructions {
  files: InstructionFile[];
  skipped: SkippedInstruction[];
}

export interface LoadInstructionsOptions {
  projectDir: string;
  /** The requirement's test and code files: a scoped file is included when its `applyTo` matches one of them. */
  requirementFiles?: readonly string[];
  config?: InstructionsConfig;
}

/** Claude Code's project files (followed by their `@path` imports), then opencode's and Codex's, then Copilot's. */
const CLAUDE_FILES = ["CLAUDE.md", ".claude/CLAUDE.md"];
const PLAIN_FILES = ["AGENTS.md", ".github/copilot-instructions.md"];
const SCOPED_DIR = ".github/instructions";
const SCOPED_SUFFIX = ".instructions.md";

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

function cutNote(path: string, included: number, bytes: number, cap: InstructionFile["cut"]): string {
  const limit = cap === "file cap" ? `${kb(MAX_INSTRUCTION_FILE_BYTES)} per instruction file` : `${kb(MAX_INSTRUCTIONS_TOTAL_BYTES)} for all instruction files together`;
  return `\n\n[greenlight cut ${path} here: ${included} of its ${bytes} bytes are included (the limit is ${limit}). Read the file for the rest.]`;
}

/**
 * The project instruction files an agent's own tools would have given it, in a fixed order, each once,
 * confined to the project (no `..`, no absolute path outside, no symlink out) and size-capped. Nothing
 * in them is run; a file that cannot be used is listed in `skipped` with the reason.
 */
export async function loadInstructions(options: LoadInstructionsOptions): Promise<ProjectInstructions> {
  const result: ProjectInstructions = { files: [], skipped: [] };
  if (options.config === false) return result;
  const workspace = await Workspace.create({ projectDir: options.projectDir });
  const excluded = globMatcher(options.config?.exclude ?? []);
  const seen = new Set<string>();
  let used = 0;

  /** Reads one file into the result; the body it read, or undefined when it was not included. */
  const include: Include = async (requested, from = {}) => {
    const where = from.importedBy === undefined ? {} : { importedBy: from.importedBy };
    let path: string;
    let absolute: string;
    try {
      ({ relative: path, absolute } = await workspace.resolveForRead(requested));
    } catch (error) {
      if (error instanceof PathRefusedError) {
        result.skipped.push({ path: requested, ...where, reason: `refused: ${error.reason}` });
        return undefined;
      }
      throw error;
    }
    if (seen.has(path)) return undefined;
    seen.add(path);
    if (excluded(path)) {
      result.skipped.push({ path, ...where, reason: "turned off in greenlight.json (instructions.exclude)" });
      return undefined;
    }
    const room = MAX_INSTRUCTIONS_TOTAL_BYTES - used;
    const read = await readCappedText(absolute, Math.min(MAX_INSTRUCTION_FILE_BYTES, Math.max(room, 0)));
    if (read.kind === "missing") {
      if (from.importedBy !== undefined) result.skipped.push({ path, ...where, reason: "not found" });
      return undefined;
    }
    if (read.kind === "refused") {
      result.skipped.push({ path, ...where, reason: `refused: ${read.reason}` });
      return undefined;
    }
    if (room <= 0) {
      result.skipped.push({ path, ...where, reason: `left out: the instruction files already fill the ${kb(MAX_INSTRUCTIONS_TOTAL_BYTES)} limit` });
      return undefined;
    }
    const accepted = from.accept ? from.accept(read.text) : { body: read.text };
    if ("skip" in accepted) {
      result.skipped.push({ path, ...where, reason: accepted.skip });
      return undefined;
    }
    const { body, applyTo } = accepted;
    const cut: InstructionFile["cut"] | undefined = read.cut ? (room < MAX_INSTRUCTION_FILE_BYTES ? "total cap" : "file cap") : undefined;
    const text = cut ? body + cutNote(path, Buffer.byteLength(read.text), read.bytes, cut) : body;
    used += Buffer.byteLength(read.text);
    result.files.push({ path, ...where, ...(applyTo ? { applyTo } : {}), bytes: read.bytes, text, ...(cut ? { cut } : {}) });
    return read.text;
  };

  const includeClaude = async (requested: string, depth: number, importedBy?: string): Promise<void> => {
    const text = await include(requested, importedBy === undefined ? {} : { importedBy });
    if (text === undefined) return;
    const importer = result.files.at(-1)!.path;
    const targets = claudeImports(text);
    if (targets.length > MAX_IMPORTS_PER_FILE) {
      result.skipped.push({ path: targets[MAX_IMPORTS_PER_FILE]!, importedBy: importer, reason: `not followed, nor the ${targets.length - MAX_IMPORTS_PER_FILE - 1} after it: ${MAX_IMPORTS_PER_FILE} imports per file at most` });
    }
    for (const target of targets.slice(0, MAX_IMPORTS_PER_FILE)) {
      if (depth + 1 > MAX_IMPORT_DEPTH) {
        result.skipped.push({ path: target, importedBy: importer, reason: `not followed: imports go ${MAX_IMPORT_DEPTH} levels deep at most` });
        continue;
      }
      if (target.startsWith("~")) {
        result.skipped.push({ path: target, importedBy: importer, reason: "refused: outside the project (a home folder path)" });
        continue;
      }
      await includeClaude(posix.isAbsolute(target) ? target : posix.join(posix.dirname(importer), target), depth + 1, importer);
    }
  };

  for (const file of CLAUDE_FILES) await includeClaude(file, 0);
  for (const file of PLAIN_FILES) await include(file);
  for (const name of await scopedFileNames(workspace)) {
    await include(`${SCOPED_DIR}/${name}`, { accept: (text) => whenApplies(text, options.requirementFiles ?? []) });
  }
  return result;
}

/** What to send of a file just read, or why to leave it out. */
type Acceptance = { body: string; applyTo?: string[] } | { skip: string };
type Include = (requested: string, from?: { importedBy?: string; accept?: (text: string) => Acceptance }) => Promise<string | undefined>;

/** A Copilot scoped file applies when its `applyTo` is `**` or matches one of the requirement's files. */
function whenApplies(text: string, requirementFiles: readonly string[]): Acceptance {
  const { applyTo, body } = scopedInstructions(text);
  if (applyTo.length === 0) return { skip: "no applyTo in its frontmatter (Copilot applies it only when attached by hand)" };
  const matches = globMatcher(applyTo);
  if (applyTo.includes("**") || requirementFiles.some((file) => matches(file))) return { body, applyTo };
  const against = requirementFiles.length ? `none of the requirement's files (${requirementFiles.join(", ")})` : "nothing: the requirement has no files yet";
  return { skip: `applyTo "${applyTo.join(",")}" matches ${against}` };
}

/** The scoped files of the folder, git-ignored ones left out like every other listing of project files. */
async function scopedFileNames(workspace: Workspace): Promise<string[]> {
  try {
    const dir = await workspace.resolveForRead(SCOPED_DIR);
    const names: string[] = [];
    for await (const name of projectFiles(workspace.projectDir, dir.absolute, { shallow: true, symlinks: true })) if (name.endsWith(SCOPED_SUFFIX)) names.push(name);
    return names.sort().slice(0, MAX_SCOPED_INSTRUCTION_FILES);
  } catch (error) {
    if (error instanceof PathRefusedError || ["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return [];
    throw error;
  }
}
