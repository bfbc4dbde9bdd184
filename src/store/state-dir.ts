import { join } from "node:path";

/** Where a project's state lives unless --state says otherwise (kept apart so the CLI can name it without loading lowdb). */
export function defaultStateDir(projectDir: string): string {
  return join(projectDir, ".greenlight", "state");
}
