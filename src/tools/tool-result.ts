import type { ToolResult } from "./tool.js";
import { PathRefusedError } from "./path-refused.js";

export function errorResult(content: string, summary: string): ToolResult {
  return { content, isError: true, summary };
}

const FILE_ERRORS: Record<string, (path: string) => [string, string]> = {
  ENOENT: (path) => [`${path} does not exist. Check the path (Glob can find files by name).`, "not found"],
  ENOTDIR: (path) => [`A part of ${path} is a file, not a folder.`, "not a folder"],
  EISDIR: (path) => [`${path} is a folder, not a file. Use Glob to list what is in it.`, "a folder"],
  EACCES: (path) => [`${path} cannot be accessed (permission denied).`, "permission denied"],
  EPERM: (path) => [`${path} cannot be accessed (operation not permitted).`, "permission denied"],
  ELOOP: (path) => [`${path} is a symlink; tools do not follow it.`, "refused: symlink"],
  ENOTREG: (path) => [`${path} is not a regular file (a pipe, socket or device); tools only read files.`, "refused: not a file"],
};

/**
 * Turns the failures a model can act on (a refused path, a missing file) into error results;
 * anything else is a bug and is thrown on.
 */
export async function fileErrorsAsResults(path: string, work: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PathRefusedError) return errorResult(error.message, `refused: ${error.reason}`);
    const code = (error as NodeJS.ErrnoException).code;
    const explain = code === undefined ? undefined : FILE_ERRORS[code];
    if (explain) {
      const [content, summary] = explain(path);
      return errorResult(content, summary);
    }
    throw error;
  }
}
