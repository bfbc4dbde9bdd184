import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Tool } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { fileErrorsAsResults } from "./tool-result.js";
import { writeFileInside } from "./safe-write.js";
import { countLines, lineChangeSummary } from "./text-files.js";

const inputSchema = z.object({
  file_path: z.string().describe("The file to write: a path relative to the project, or an absolute path inside it"),
  content: z.string().describe("The whole new content of the file"),
});
type WriteInput = z.infer<typeof inputSchema>;

export function createWriteTool(workspace: Workspace): Tool<WriteInput> {
  return {
    name: "Write",
    description: [
      "Writes a file in the project, replacing it if it exists; missing folders are created.",
      "Prefer Edit for changing part of an existing file. Read a file before overwriting it.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.file_path,
    execute: (input, context) =>
      fileErrorsAsResults(input.file_path, async () => {
        const checked = await workspace.resolveForWrite(input.file_path, context.agent);
        const before = await readFile(checked.absolute, "utf8").catch(() => undefined);
        const written = await writeFileInside(workspace, input.file_path, input.content, context.agent, checked);
        const summary = before === undefined ? `${countLines(input.content)} lines, new file` : lineChangeSummary(before, input.content);
        return { content: `Wrote ${written.relative} (${summary}).`, isError: false, summary, filesChanged: [written.relative] };
      }),
  };
}
