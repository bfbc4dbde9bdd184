import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What greenlight can see of what a test command runs, without running it: the command line, the npm
 * scripts it names (and the scripts those name), and the Makefile when it calls make.
 */

const NPM_SCRIPT = /^\s*npm\s+(?:(?:test|t|tst)\b|run(?:-script)?\s+([\w:.-]+))/;
const NPM_RUN_INSIDE = /\bnpm\s+(?:(?:test|t|tst)\b|run(?:-script)?\s+([\w:.-]+))/g;
const SHELL_OPERATORS = /&&|\|\||[;|&<>`\n]|\$\(/;

function readScripts(projectDir: string): Record<string, string> {
  try {
    const pkg = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as { scripts?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** The npm script a command runs (`npm test` -> "test", `npm run unit` -> "unit"), if it runs one. */
export function npmScriptName(command: string): string | undefined {
  const match = NPM_SCRIPT.exec(command);
  return match ? (match[1] ?? "test") : undefined;
}

/** The npm script's command line, when the project's package.json has it. */
export function npmScript(command: string, projectDir: string): string | undefined {
  const name = npmScriptName(command);
  return name === undefined ? undefined : readScripts(projectDir)[name];
}

/** Every command line the test command may run that greenlight can read, the command itself first. */
export function visibleCommandLines(command: string, projectDir: string): string[] {
  const lines = [command];
  const scripts = readScripts(projectDir);
  const pending = [command];
  const seen = new Set<string>();
  while (pending.length > 0) {
    for (const match of pending.pop()!.matchAll(NPM_RUN_INSIDE)) {
      const name = match[1] ?? "test";
      const script = scripts[name];
      if (seen.has(name) || script === undefined) continue;
      seen.add(name);
      // npm runs "pretest" and "posttest" around "test", and so on for any script.
      for (const around of [`pre${name}`, script, `post${name}`]) {
        const line = around === script ? script : scripts[around];
        if (line === undefined) continue;
        lines.push(line);
        pending.push(line);
      }
    }
  }
  if (/(^|[\s;&|(])make(\s|$)/.test(command)) {
    for (const makefile of ["GNUmakefile", "makefile", "Makefile"]) {
      if (existsSync(join(projectDir, makefile))) lines.push(readFileSync(join(projectDir, makefile), "utf8"));
    }
  }
  return lines;
}

/** True when the command line is one simple command (arguments appended to it reach that command). */
export function isSimpleCommand(line: string): boolean {
  return !SHELL_OPERATORS.test(line);
}

/** The last command of a shell line: what arguments appended to the line reach. */
export function lastCommand(line: string): string {
  return line.split(/&&|\|\||[;|&\n]/).at(-1)!.trim();
}
