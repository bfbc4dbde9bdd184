import { constants } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import picomatch from "picomatch";
import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { errorResult, fileErrorsAsResults } from "./tool-result.js";
import { searchableFiles } from "./searchable-files.js";
import { looksBinary } from "./text-files.js";

const DEFAULT_HEAD_LIMIT = 250;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const inputSchema = z.object({
  pattern: z.string().min(1).describe("A JavaScript regular expression to search file contents for"),
  path: z.string().optional().describe("The file or folder to search, relative to the project (default: the project folder)"),
  glob: z.string().optional().describe('Only search files whose path matches this glob, like "*.ts" or "src/**/*.js"'),
  output_mode: z.enum(["content", "files_with_matches", "count"]).optional().describe('"content" shows matching lines, "files_with_matches" (default) lists files, "count" gives matches per file'),
  "-i": z.boolean().optional().describe("Ignore case"),
  "-n": z.boolean().optional().describe('Show line numbers (content mode only)'),
  head_limit: z.number().int().positive().optional().describe(`Show only the first N lines of the result (default ${DEFAULT_HEAD_LIMIT})`),
});
type GrepInput = z.infer<typeof inputSchema>;

export function createGrepTool(workspace: Workspace): Tool<GrepInput> {
  return {
    name: "Grep",
    description: [
      "Searches file contents in the project with a JavaScript regular expression.",
      "Filter files with glob; choose output_mode \"content\", \"files_with_matches\" (default) or \"count\".",
      "Files git ignores (.gitignore, .git/info/exclude), .git, node_modules and binary files are skipped; a path you name is searched even when ignored.",
    ].join("\n"),
    inputSchema,
    title: (input) => (input.path ? `${input.pattern} in ${input.path}` : input.pattern),
    execute: (input) =>
      fileErrorsAsResults(input.path ?? ".", async () => {
        let regex: RegExp;
        try {
          regex = new RegExp(input.pattern, input["-i"] ? "i" : "");
        } catch (error) {
          return errorResult(`The pattern is not a valid JavaScript regular expression: ${(error as Error).message}`, "bad pattern");
        }
        const target = await workspace.resolveForRead(input.path ?? ".");
        const matchesGlob = input.glob ? picomatch(input.glob, { dot: true, basename: !input.glob.includes("/") }) : () => true;
        const mode = input.output_mode ?? "files_with_matches";
        const lines: string[] = [];
        let fileCount = 0;
        for await (const file of filesUnder(workspace.projectDir, target.absolute, target.relative)) {
          if (!matchesGlob(file.shown)) continue;
          const bytes = await readFile(file.absolute, { flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => undefined);
          if (!bytes || bytes.length > MAX_FILE_BYTES || looksBinary(bytes)) continue;
          const hits = bytes.toString("utf8").split("\n").flatMap((line, index) => (regex.test(line) ? [{ line, number: index + 1 }] : []));
          if (hits.length === 0) continue;
          fileCount++;
          if (mode === "files_with_matches") lines.push(file.shown);
          else if (mode === "count") lines.push(`${file.shown}:${hits.length}`);
          else for (const hit of hits) lines.push(input["-n"] ? `${file.shown}:${hit.number}:${hit.line}` : `${file.shown}:${hit.line}`);
        }
        if (lines.length === 0) return { content: "No matches found.", isError: false, summary: "no matches" };
        const limit = input.head_limit ?? DEFAULT_HEAD_LIMIT;
        const more = lines.length > limit ? `\n[${lines.length - limit} more lines not shown; narrow the search or raise head_limit.]` : "";
        return { content: lines.slice(0, limit).join("\n") + more, isError: false, summary: `${fileCount} files` };
      }),
  };
}

async function* filesUnder(projectDir: string, absolute: string, relative: string): AsyncGenerator<{ absolute: string; shown: string }> {
  if ((await stat(absolute)).isFile()) {
    yield { absolute, shown: relative };
    return;
  }
  for await (const file of searchableFiles(projectDir, absolute)) yield { absolute: join(absolute, file), shown: relative === "" ? file : `${relative}/${file}` };
}
