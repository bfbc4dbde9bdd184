import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { detectFormat, formatNamed, formatOfPlace } from "./formats/detect-format.js";
import type { FormatName, ImportedSpec, SpecFile, SpecFormat } from "./formats/spec-format.js";
import { SpecError } from "./spec-error.js";

const SKIPPED_FOLDERS = new Set(["node_modules", ".git", ".greenlight"]);
/** Files read with their folder's main file (a Spec Kit or Kiro tasks.md), not planned on their own when it is there. */
const COMPANIONS: Record<string, string> = { "tasks.md": "spec.md|requirements.md" };

/** A path as the state records it: inside the project, relative with `/`; outside, absolute. */
export function projectPath(path: string, projectDir: string): string {
  const inside = relative(projectDir, path);
  if (inside.startsWith("..") || isAbsolute(inside)) return path;
  return inside.split(sep).join("/");
}

function specFile(absolute: string, projectDir: string): SpecFile {
  return {
    path: projectPath(absolute, projectDir),
    text: readFileSync(absolute, "utf8"),
    sibling(relativePath) {
      const other = join(dirname(absolute), relativePath);
      return existsSync(other) && statSync(other).isFile() ? specFile(other, projectDir) : undefined;
    },
  };
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : walk(join(folder, entry.name));
      // A folder's README says what is in it; it is never one of the specs.
      return entry.isFile() && entry.name.endsWith(".md") && !/^readme\.md$/i.test(entry.name) ? [join(folder, entry.name)] : [];
    });
}

function isCompanion(absolute: string): boolean {
  const name = absolute.split(sep).pop()!;
  const mains = COMPANIONS[name];
  return mains !== undefined && mains.split("|").some((main) => existsSync(join(dirname(absolute), main)));
}

/** OpenSpec's built specs before the changes that alter them, then the rest in path order. */
function planOrder(a: string, b: string): number {
  const rank = (path: string) => (/(^|\/)openspec\/changes\//.test(path) ? 1 : 0);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The specs a `greenlight plan` path names: one file, read in its format (named, or detected from its
 * place and shape), or a folder, in which every file a format keeps its specs in is planned (a feature's
 * tasks.md with its spec). A folder with none of them is refused.
 */
export function readSpecFiles(target: string, projectDir: string, named?: FormatName): ImportedSpec[] {
  const format = (file: SpecFile): SpecFormat => (named ? formatNamed(named) : detectFormat(file));
  if (!statSync(target).isDirectory()) {
    const file = specFile(target, projectDir);
    return [format(file).read(file)];
  }
  const files = walk(target)
    .map((absolute) => ({ absolute, path: projectPath(absolute, projectDir) }))
    .filter(({ absolute, path }) => !isCompanion(absolute) && (named ? formatNamed(named).ownsPath(path) : formatOfPlace(path) !== undefined))
    .sort((a, b) => planOrder(a.path, b.path));
  if (files.length === 0) {
    throw new SpecError("no spec files found in this folder (expected e.g. specs/*/spec.md, .kiro/specs/*/requirements.md, openspec/specs/*/spec.md)", projectPath(target, projectDir));
  }
  return files.map(({ absolute }) => {
    const file = specFile(absolute, projectDir);
    return format(file).read(file);
  });
}
