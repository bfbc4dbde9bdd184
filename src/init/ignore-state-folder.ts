import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Adds the state folder (relative to the project, "/" separators) to the project's .gitignore, creating
 * the file when there is none; what the file held is kept as it was.
 */
export async function ignoreStateFolder(projectDir: string, stateFolder: string): Promise<string> {
  const file = join(projectDir, ".gitignore");
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${separator}# greenlight's task list, run logs and baselines: local to this checkout\n/${stateFolder}/\n`);
  return file;
}
