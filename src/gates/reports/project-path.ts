import { existsSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** A path a runner printed, made project-relative (with forward slashes) when it lies inside the project. */
export function projectRelative(projectDir: string, path: string): string {
  if (!isAbsolute(path)) return path.split(sep).join("/");
  const inside = relative(projectDir, path);
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside.split(sep).join("/");
}

/**
 * The file of a dotted Python name (`tests.test_calc.TestGroup` -> `tests/test_calc.py`): the longest
 * prefix that is a module in the project, or, when none is found there, the parts before the first class
 * name (classes start with a capital by convention).
 */
export function pythonModuleFile(projectDir: string, dotted: string): { file: string; rest: string[] } {
  const parts = dotted.split(".").filter((part) => part !== "");
  for (let length = parts.length; length > 0; length--) {
    const file = `${parts.slice(0, length).join("/")}.py`;
    if (existsSync(join(projectDir, file))) return { file, rest: parts.slice(length) };
  }
  const firstClass = parts.findIndex((part) => /^[A-Z]/.test(part));
  const length = firstClass === -1 ? parts.length : firstClass;
  return { file: `${parts.slice(0, length).join("/")}.py`, rest: parts.slice(length) };
}
