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
/** Files read at once: enough to keep the disk busy, few enough that their bytes stay small. */
const READ_AHEAD = 32;

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
        // Most files hold no match: one multiline test of the whole text rules them out before any line
        // is split off (a line's match is a match there too; a lookbehind could look across lines, so not then).
        const anyLine = input.pattern.includes("(?<") ? undefined : new RegExp(input.pattern, input["-i"] ? "im" : "m");
        const files: { absolute: string; shown: string }[] = [];
        for await (const file of filesUnder(workspace.projectDir, target.absolute, target.relative)) if (matchesGlob(file.shown)) files.push(file);
        for (let start = 0; start < files.length; start += READ_AHEAD) {
          const batch = files.slice(start, start + READ_AHEAD);
          const texts = await Promise.all(batch.map((file) => readText(file.absolute)));
          batch.forEach((file, index) => {
            const text = texts[index];
            if (text === undefined || (anyLine && !anyLine.test(text))) return;
            const hits = text.split("\n").flatMap((line, number) => (regex.test(line) ? [{ line, number: number + 1 }] : []));
            if (hits.length === 0) return;
            fileCount++;
            if (mode === "files_with_matches") lines.push(file.shown);
            else if (mode === "count") lines.push(`${file.shown}:${hits.length}`);
            else for (const hit of hits) lines.push(input["-n"] ? `${file.shown}:${hit.number}:${hit.line}` : `${file.shown}:${hit.line}`);
          });
        }
        if (lines.length === 0) return { content: "No matches found.", isError: false, summary: "no matches" };
        const limit = input.head_limit ?? DEFAULT_HEAD_LIMIT;
        const more = lines.length > limit ? `\n[${lines.length - limit} more lines not shown; narrow the search or raise head_limit.]` : "";
        return { content: lines.slice(0, limit).join("\n") + more, isError: false, summary: `${fileCount} files` };
      }),
  };
}

/** A file's text for searching; undefined when it is gone, a symlink, too big or binary. */
async function readText(absolute: string): Promise<string | undefined> {
  const bytes = await readFile(absolute, { flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => undefined);
  return !bytes || bytes.length > MAX_FILE_BYTES || looksBinary(bytes) ? undefined : bytes.toString("utf8");
}

async function* filesUnder(projectDir: string, absolute: string, relative: string): AsyncGenerator<{ absolute: string; shown: string }> {
  if ((await stat(absolute)).isFile()) {
    yield { absolute, shown: relative };
    return;
  }
  for await (const file of searchableFiles(projectDir, absolute)) yield { absolute: join(absolute, file), shown: relative === "" ? file : `${relative}/${file}` };
}
