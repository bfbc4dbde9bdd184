import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { errorResult, fileErrorsAsResults } from "./tool-result.js";
import { looksBinary } from "./text-files.js";

const DEFAULT_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const inputSchema = z.object({
  file_path: z.string().describe("The file to read: a path relative to the project, or an absolute path inside it"),
  offset: z.number().int().positive().optional().describe("The line number to start reading from (1-based). Only give it for files too large to read at once"),
  limit: z.number().int().positive().optional().describe("How many lines to read. Only give it for files too large to read at once"),
});
type ReadInput = z.infer<typeof inputSchema>;

export function createReadTool(workspace: Workspace): Tool<ReadInput> {
  return {
    name: "Read",
    description: [
      "Reads a text file from the project.",
      `By default it returns up to ${DEFAULT_LIMIT} lines from the start; give offset and limit to page through longer files.`,
      `Lines are numbered like \`cat -n\` (the number and a tab come before the text, and are not part of the file). Lines longer than ${MAX_LINE_CHARS} characters are cut.`,
      "Binary files are refused.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.file_path,
    execute: (input) =>
      fileErrorsAsResults(input.file_path, async () => {
        const target = await workspace.resolveForRead(input.file_path);
        // Never blocks on a FIFO the model made with Bash: the type is checked once the open returns.
        const handle = await open(target.absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        let bytes: Buffer;
        try {
          const info = await handle.stat();
          if (info.isDirectory()) return errorResult(`${input.file_path} is a folder, not a file. Use Glob to list what is in it.`, "a folder");
          if (!info.isFile()) return errorResult(`${input.file_path} is not a regular file (a pipe, socket or device); Read only shows files.`, "refused: not a file");
          if (info.size > MAX_FILE_BYTES) return errorResult(`${input.file_path} is ${info.size} bytes, too large to read. Use Grep to find what you need in it.`, "too large");
          bytes = await handle.readFile();
        } finally {
          await handle.close();
        }
        if (looksBinary(bytes)) return errorResult(`${input.file_path} is a binary file; Read only shows text.`, "refused: binary");
        return numberedPage(bytes.toString("utf8"), input, target.relative);
      }),
  };
}

function numberedPage(text: string, input: ReadInput, relativePath: string) {
  if (text === "") return { content: `(${input.file_path} is empty)`, isError: false, summary: "empty file" };
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  const first = input.offset ?? 1;
  if (first > lines.length) return errorResult(`${input.file_path} has only ${lines.length} lines; offset ${first} is past the end.`, "offset past the end");
  const last = Math.min(lines.length, first - 1 + (input.limit ?? DEFAULT_LIMIT));
  const width = Math.max(6, String(last).length);
  const shown = lines.slice(first - 1, last).map((line, index) => {
    const cut = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}[... line cut]` : line;
    return `${String(first + index).padStart(width)}\t${cut}`;
  });
  let content = shown.join("\n");
  if (last < lines.length) content += `\n\n[${relativePath} has ${lines.length} lines; this shows ${first}-${last}. Call Read with offset=${last + 1} to read on.]`;
  return { content, isError: false, summary: `${last - first + 1} lines`, detail: relativePath };
}
