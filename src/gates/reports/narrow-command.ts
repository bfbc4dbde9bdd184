import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TestCase } from "../test-results.js";
import { isSimpleCommand, lastCommand, npmScript } from "./command-text.js";
import { shellWord } from "./shell-quote.js";

/**
 * The test command narrowed to some test files, or to some tests by name (with their files where known),
 * in each runner's own way of selecting them: node --test FILES --test-name-pattern, vitest and jest
 * FILES -t, mocha FILES --grep, pytest node ids, go test -run. The arguments are appended where they reach
 * the runner, as report flags are: a simple command that calls it, or `npm test` whose script ends with
 * the call. Undefined when they cannot reach it, or when the runner's command line names its own paths
 * (appended files would add to them, not narrow them).
 */

export interface Narrowing {
  /** Project-relative test files. */
  files: readonly string[];
  /** Tests to run by name (a re-run of failures); without them every test of the files runs. */
  tests?: readonly TestCase[];
}

type Runner = "node" | "vitest" | "jest" | "mocha" | "pytest" | "go";

const RUNNERS: ReadonlyArray<{ runner: Runner; call: RegExp }> = [
  { runner: "node", call: /(^|[\s/])node(\s+\S+)*?\s+--test(?![\w-])/ },
  { runner: "vitest", call: /(^|[\s/])vitest(\s|$)/ },
  { runner: "jest", call: /(^|[\s/])jest(\s|$)/ },
  { runner: "mocha", call: /(^|[\s/])mocha(\s|$)/ },
  { runner: "pytest", call: /(^|[\s/])(pytest|py\.test)(\s|$)/ },
  { runner: "go", call: /^go\s+test(\s|$)/ },
];

/** The runner's call names paths of its own (a folder, a file, a glob): appended files would add to them. */
function namesOwnPaths(line: string, call: RegExp, projectDir: string): boolean {
  const match = call.exec(line)!;
  const words = line.slice(match.index).trim().split(/\s+/).slice(1);
  return words.some((word) => !word.startsWith("-") && (/[*?]/.test(word) || existsSync(join(projectDir, word.replace(/^['"]|['"]$/g, "").split("::")[0]!))));
}

/** The runner the command's arguments reach, and how to append to the command. */
function reached(command: string, projectDir: string): { runner: Runner; line: string; prefix: string } | undefined {
  if (!isSimpleCommand(command)) return undefined;
  const direct = RUNNERS.find(({ call }) => call.test(command.trim()));
  if (direct) return { runner: direct.runner, line: command, prefix: command };
  const script = npmScript(command, projectDir);
  if (script === undefined) return undefined;
  const last = lastCommand(script);
  const viaNpm = RUNNERS.find(({ call }) => call.test(last));
  if (!viaNpm) return undefined;
  return { runner: viaNpm.runner, line: last, prefix: /\s--(\s|$)/.test(command) ? command : `${command} --` };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const leafOf = (name: string) => name.split(" > ").at(-1)!;

/** An unanchored pattern of the tests' own titles: runners match it against the whole title, suites included. */
function titlePattern(tests: readonly TestCase[]): string {
  return [...new Set(tests.map((test) => escapeRegExp(leafOf(test.name))))].join("|");
}

function argumentsFor(runner: Runner, files: readonly string[], tests: readonly TestCase[] | undefined): string[] | undefined {
  const paths = files.map(shellWord);
  const named = tests !== undefined && tests.length > 0;
  switch (runner) {
    case "node":
      return [...(named ? [`--test-name-pattern=${shellWord(titlePattern(tests))}`] : []), ...paths];
    case "vitest":
    case "jest":
      return [...paths, ...(named ? ["-t", shellWord(titlePattern(tests))] : [])];
    case "mocha":
      return [...paths, ...(named ? ["--grep", shellWord(titlePattern(tests))] : [])];
    case "pytest": {
      if (!named) return paths;
      if (tests.some((test) => test.file === undefined)) return undefined;
      return tests.map((test) => shellWord(`${test.file}::${test.name}`));
    }
    case "go":
      // Packages cannot be narrowed by appending (`go test ./...` keeps every package), names can.
      return named ? ["-run", shellWord(`^(${[...new Set(tests.map((test) => escapeRegExp(test.name.split("/")[0]!)))].join("|")})$`)] : undefined;
  }
}

export function narrowCommand(command: string, projectDir: string, narrowing: Narrowing): string | undefined {
  const target = reached(command, projectDir);
  if (target === undefined) return undefined;
  const ownPaths = namesOwnPaths(target.line, RUNNERS.find((candidate) => candidate.runner === target.runner)!.call, projectDir);
  // pytest selects tests by node id, a path like the others: appended to the call's own paths it would add,
  // not narrow. node takes whatever follows its first path for more paths, options included.
  if (ownPaths && (target.runner === "pytest" || target.runner === "node")) return undefined;
  const args = argumentsFor(target.runner, ownPaths ? [] : narrowing.files, narrowing.tests);
  if (args === undefined || args.length === 0) return undefined;
  return `${target.prefix} ${args.join(" ")}`;
}
