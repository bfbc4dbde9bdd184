import { stat } from "node:fs/promises";
import { join } from "node:path";
import picomatch from "picomatch";
import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { errorResult, fileErrorsAsResults } from "./tool-result.js";
import { searchableFiles } from "./searchable-files.js";

const MAX_RESULTS = 100;

const inputSchema = z.object({
  pattern: z.string().min(1).describe('The glob pattern to match file paths against, like "**/*.ts" or "src/**/*.test.ts"'),
  path: z.string().optional().describe("The folder to search in, relative to the project (default: the project folder)"),
});
type GlobInput = z.infer<typeof inputSchema>;

export function createGlobTool(workspace: Workspace): Tool<GlobInput> {
  return {
    name: "Glob",
    description: [
      "Finds files whose path matches a glob pattern, most recently modified first.",
      `Paths are relative to the project; files git ignores (.gitignore, .git/info/exclude), .git and node_modules are skipped, unless the path or the pattern's fixed start names them. At most ${MAX_RESULTS} paths are returned.`,
    ].join("\n"),
    inputSchema,
    title: (input) => (input.path ? `${input.pattern} in ${input.path}` : input.pattern),
    execute: (input) =>
      fileErrorsAsResults(input.path ?? ".", async () => {
        if (input.pattern.startsWith("/") || input.pattern.split("/").includes("..")) {
          return errorResult("The pattern must be relative to the search folder, without '..' or a leading '/'. Use path to choose a folder inside the project.", "refused: outside the project");
        }
        const folder = await workspace.resolveForRead(input.path ?? ".");
        const matches = picomatch(input.pattern, { dot: true });
        // A pattern's fixed start (".venv/lib" in ".venv/lib/**/*.py") names a folder as explicitly as path does.
        const named = await fixedStart(workspace, folder, input.pattern);
        const found: { path: string; mtime: number }[] = [];
        for await (const under of searchableFiles(workspace.projectDir, named.absolute)) {
          const file = named.base === "" ? under : `${named.base}/${under}`;
          if (!matches(file)) continue;
          const info = await stat(join(folder.absolute, file)).catch(() => undefined);
          const shown = folder.relative === "" ? file : `${folder.relative}/${file}`;
          if (info) found.push({ path: shown, mtime: info.mtimeMs });
        }
        if (found.length === 0) return { content: "No files found.", isError: false, summary: "0 files" };
        found.sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? -1 : 1));
        const shown = found.slice(0, MAX_RESULTS).map((entry) => entry.path);
        const more = found.length > MAX_RESULTS ? `\n[${found.length - MAX_RESULTS} more not shown; narrow the pattern or path.]` : "";
        return { content: shown.join("\n") + more, isError: false, summary: `${found.length} files` };
      }),
  };
}

/** The folder a pattern's literal start names under the search folder, or the search folder itself. */
async function fixedStart(workspace: Workspace, folder: { absolute: string; relative: string }, pattern: string): Promise<{ base: string; absolute: string }> {
  const base = picomatch.scan(pattern).base;
  if (base === "") return { base, absolute: folder.absolute };
  const named = await workspace.resolveForRead(folder.relative === "" ? base : `${folder.relative}/${base}`).catch(() => undefined);
  const isFolder = named !== undefined && (await stat(named.absolute).catch(() => undefined))?.isDirectory();
  return isFolder ? { base, absolute: named.absolute } : { base: "", absolute: folder.absolute };
}
