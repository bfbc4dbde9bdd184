import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { isAbsolute, join } from "node:path";

/** Where a program is on this PATH, or undefined when it is not there. */
export async function findProgram(name: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  const candidates = isAbsolute(name) || name.includes("/") ? [name] : path.split(":").filter((dir) => dir !== "").map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}
