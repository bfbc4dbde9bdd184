import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * A PATH of one folder holding links to every program on this PATH but the named ones: this machine
 * as it is where those programs are not installed.
 */
export function pathWithout(binDir: string, programs: string[], path = process.env.PATH ?? ""): string {
  mkdirSync(binDir, { recursive: true });
  for (const dir of path.split(":")) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (programs.includes(name)) continue;
      try {
        symlinkSync(join(dir, name), join(binDir, name));
      } catch {
        // An earlier PATH entry already gave this name.
      }
    }
  }
  return binDir;
}
