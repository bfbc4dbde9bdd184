import { z } from "zod";
import type { Tool, ToolResult } from "./tool.js";
import type { Workspace } from "./workspace.js";
import { errorResult, fileErrorsAsResults } from "./tool-result.js";
import { writeFileInside } from "./safe-write.js";
import { readRegularFile } from "./read-regular-file.js";
import { countLines, lineChangeSummary, looksBinary } from "./text-files.js";

const inputSchema = z.object({
  file_path: z.string().describe("The file to change: a path relative to the project, or an absolute path inside it"),
  old_string: z.string().describe("The exact text to replace, whitespace and indentation included (empty to create a new file)"),
  new_string: z.string().describe("The text to put in its place (must differ from old_string)"),
  replace_all: z.boolean().optional().describe("Replace every occurrence of old_string (default false: it must occur exactly once)"),
});
type EditInput = z.infer<typeof inputSchema>;

export function createEditTool(workspace: Workspace): Tool<EditInput> {
  return {
    name: "Edit",
    description: [
      "Replaces exact text in a file of the project.",
      "old_string must match the file exactly (copy it from Read output without the line-number prefix) and occur exactly once, unless replace_all is true.",
      "Include enough surrounding lines to make it unique. An empty old_string creates a new file with new_string as its content.",
    ].join("\n"),
    inputSchema,
    title: (input) => input.file_path,
    execute: (input, context) =>
      fileErrorsAsResults(input.file_path, async () => {
        if (input.old_string === input.new_string) return errorResult("old_string and new_string are the same; nothing would change.", "no change");
        const checked = await workspace.resolveForWrite(input.file_path, context.agent);
        const bytes = await readRegularFile(checked.absolute).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT" && input.old_string === "") return undefined;
          throw error;
        });
        if (bytes === undefined) return finish(workspace, input, context.agent, "", input.new_string, checked);
        if (looksBinary(bytes)) return errorResult(`${input.file_path} is a binary file; Edit only changes text.`, "refused: binary");
        const before = bytes.toString("utf8");
        if (input.old_string === "") return errorResult(`${input.file_path} already exists; give the old_string to replace (an empty one only creates new files).`, "file exists");
        const count = before.split(input.old_string).length - 1;
        if (count === 0) return errorResult(`old_string was not found in ${input.file_path}. Read the file again and copy the exact text, whitespace and indentation included.`, "not found");
        if (count > 1 && input.replace_all !== true) {
          return errorResult(`old_string occurs ${count} times in ${input.file_path}. Add surrounding lines to make it unique, or set replace_all to true to change every one.`, "not unique");
        }
        const after = input.replace_all === true ? before.split(input.old_string).join(input.new_string) : before.replace(input.old_string, () => input.new_string);
        return finish(workspace, input, context.agent, before, after, checked);
      }),
  };
}

async function finish(workspace: Workspace, input: EditInput, agent: string, before: string, after: string, checked: Awaited<ReturnType<Workspace["resolveForWrite"]>>): Promise<ToolResult> {
  const written = await writeFileInside(workspace, input.file_path, after, agent, checked);
  const summary = before === "" ? `${countLines(after)} lines, new file` : lineChangeSummary(before, after);
  return { content: `Edited ${written.relative} (${summary}).`, isError: false, summary, filesChanged: [written.relative] };
}
