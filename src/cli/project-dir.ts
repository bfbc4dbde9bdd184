import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "./usage-error.js";

/** The folder `--project` names (default: here), refused up front when it is not a folder. */
export function projectDirFrom(value: string | undefined): string {
  const projectDir = resolve(value ?? ".");
  const stat = statSync(projectDir, { throwIfNoEntry: false });
  if (stat === undefined) throw new UserError(`project folder not found: ${projectDir}`);
  if (!stat.isDirectory()) throw new UserError(`--project must name a folder: ${projectDir} is a file`);
  return projectDir;
}
