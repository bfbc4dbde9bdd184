import { projectFiles } from "../files/project-files.js";

/** Installed dependencies: never searched unless named, ignored by git or not. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(["node_modules"]);

/** The files Grep and Glob look through under a project folder, relative to it: what git would not ignore. */
export function searchableFiles(projectDir: string, folder: string): AsyncGenerator<string> {
  return projectFiles(projectDir, folder, { skipNames: SKIPPED_FOLDERS });
}
