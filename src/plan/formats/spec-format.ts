import type { Requirement } from "../../domain/requirement.js";

export const FORMAT_NAMES = ["greenlight", "spec-kit", "kiro", "openspec", "bmad"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** A spec file as an importer sees it: its path inside the project (with `/`), its text, and its folder's other files. */
export interface SpecFile {
  path: string;
  text: string;
  /** Another file by path relative to this file's folder (`tasks.md`, `../spec.md`); undefined when there is none. */
  sibling(relativePath: string): SpecFile | undefined;
}

/**
 * Which requirements an import speaks for. A whole file (or feature) speaks for every requirement of its
 * scope, so the ones it no longer has are removed; a partial one (an OpenSpec change, a BMAD story file)
 * speaks only for the requirements it names and the ones it lists as removed.
 */
export interface ImportScope {
  /** The feature, or the file for formats without features: requirements planned from it form the scope. */
  feature?: string;
  file: string;
  partial: boolean;
}

/** A task's checkbox in a tasks file, and the requirements that must all be approved before it is ticked. */
export interface TaskBox {
  /** The tasks file, as SpecFile.path names it. */
  file: string;
  line: number;
  requirements: string[];
  /** What the format writes in a ticked box: Spec Kit's /speckit.implement writes `X`, the others `x`. */
  mark: "x" | "X";
}

export interface ImportedSpec {
  format: FormatName;
  requirements: Requirement[];
  scope: ImportScope;
  /** Ids a delta removes (OpenSpec `## REMOVED Requirements`). */
  removed: string[];
  /** The task boxes `greenlight plan --write-status` may tick. */
  taskBoxes?: TaskBox[];
}

/** One spec format: whether a file is written in it (by its place, then its shape), and how to read it. */
export interface SpecFormat {
  name: FormatName;
  /** True when the file's path is where this format keeps its specs. */
  ownsPath(path: string): boolean;
  /** True when the text is shaped like this format, wherever the file is. */
  ownsShape(text: string): boolean;
  read(file: SpecFile): ImportedSpec;
}
