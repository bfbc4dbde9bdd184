import { readFile, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ProcessRunner } from "../process/process-runner.js";
import { runTestCommand, type GateOptions } from "./gate-runner.js";
import { withTestFiles } from "./reports/report-plan.js";
import { testIdentity } from "./test-results.js";

/**
 * Which tests a test file held before QA changed it, as the runner itself collects them: the old text is
 * put next to the file under a name of its own (so its imports and the runner's settings are the file's),
 * run by the project's test command for just that file where the runner takes files, and removed. The
 * identities are the old file's tests, whatever builds their titles (loops, parameters, `def test_x():`).
 */

/** The first line of an old copy: a copy left by a killed run is known as greenlight's and replaced. */
const MARK: Record<string, string> = { py: "# greenlight: the test file before QA changed it (removed after collection)", js: "// greenlight: the test file before QA changed it (removed after collection)" };
const COPY = "_greenlight_before";

function language(file: string): "py" | "js" | undefined {
  if (file.endsWith(".py")) return "py";
  return /\.[cm]?[jt]sx?$/.test(file) ? "js" : undefined;
}

/** `tests/test_text.py` -> `tests/test_text_greenlight_before.py`; `test/url.test.ts` -> `test/url_greenlight_before.test.ts`. */
export function oldCopyName(file: string): string {
  const name = basename(file);
  const dot = name.indexOf(".");
  const copy = dot <= 0 ? `${name}${COPY}` : `${name.slice(0, dot)}${COPY}${name.slice(dot)}`;
  return dirname(file) === "." ? copy : `${dirname(file)}/${copy}`;
}

async function placeCopy(projectDir: string, copy: string, text: string, mark: string): Promise<boolean> {
  const path = join(projectDir, copy);
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing !== undefined && !existing.startsWith(mark)) return false;
  await writeFile(path, `${mark}\n${text}`);
  return true;
}

export interface OldTests {
  /** The old files' tests, by identity (under the file's own name). */
  identities: string[];
  /** Files that could not be collected (a language the runners here do not collect, a name taken). */
  skipped: string[];
}

/** Collects the tests of the old versions of test files (`old`: file -> its text before QA's work). */
export async function collectOldTests(runner: ProcessRunner, command: string, options: GateOptions, old: Readonly<Record<string, string>>): Promise<OldTests> {
  const copies = new Map<string, string>();
  const skipped: string[] = [];
  try {
    for (const [file, text] of Object.entries(old)) {
      const kind = language(file);
      if (kind === undefined || !(await placeCopy(options.cwd, oldCopyName(file), text, MARK[kind]!))) skipped.push(file);
      else copies.set(oldCopyName(file), file);
    }
    if (copies.size === 0) return { identities: [], skipped };
    // Where the runner cannot be given the files, the whole command runs and finds the copies by their names.
    const subset = withTestFiles(command, options.cwd, [...copies.keys()]) ?? command;
    const gate = await runTestCommand(runner, subset, options);
    const identities = gate.results.tests.flatMap((test) => {
      const original = test.file === undefined || test.fileLevel ? undefined : copies.get(test.file);
      return original === undefined ? [] : [testIdentity(original, test.name)];
    });
    return { identities: [...new Set(identities)], skipped };
  } finally {
    for (const copy of copies.keys()) await unlink(join(options.cwd, copy)).catch(() => undefined);
  }
}
