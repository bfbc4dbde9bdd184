import { createHash } from "node:crypto";

/**
 * The test harness: whatever decides what the test command runs. Changing it is as good as changing the
 * tests (a `test` script that no longer names the new test, `|| true`, a conftest.py that skips, an
 * `addopts = "-k 'not ...'"`), so after the red gate it is locked like them. Each part gets a digest of
 * its own, so the rest of a shared file (package.json's dependencies) stays free to change.
 *
 * Parts, keyed by file (and section): the npm scripts the test command resolves to, with their pre/post
 * scripts and the scripts they run in turn; package.json's jest and mocha keys; every conftest.py;
 * pytest.ini; the pytest sections of pyproject.toml, setup.cfg and tox.ini; vitest, vite, jest and mocha
 * config files; greenlight.json's testCommand.
 */

export type HarnessDigests = Record<string, string>;

const WHOLE_FILES: readonly RegExp[] = [
  /(^|\/)conftest\.py$/,
  /^\.?pytest\.ini$/,
  /^(vitest\.config|vitest\.workspace|vite\.config|jest\.config)\.([cm]?[jt]s|json)$/,
  /^\.mocharc(\.(json|jsonc|ya?ml|[cm]?js))?$/,
];
const SECTION_FILES: Readonly<Record<string, (header: string) => boolean>> = {
  "pyproject.toml": (header) => /^tool\.pytest(\.|$)/.test(header),
  "setup.cfg": (header) => header === "tool:pytest",
  "tox.ini": (header) => header === "pytest",
};
const PACKAGE_CONFIG_KEYS = ["jest", "mocha"] as const;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function isHarnessFile(path: string): boolean {
  return WHOLE_FILES.some((pattern) => pattern.test(path)) || path in SECTION_FILES || path === "package.json" || path === "greenlight.json";
}

/** The part a key names, for people: "package.json#scripts.test" -> "package.json scripts.test". */
export function describePart(key: string): string {
  return key.replace("#", " ");
}

const RUNS_SCRIPT = /^(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+|(t|tst|test)\b)?([^\s-][^\s]*)?/;

/** The npm script a command segment runs ("npm test" -> test, "yarn run lint" -> lint), if any. */
function scriptOf(segment: string): string | undefined {
  const match = RUNS_SCRIPT.exec(segment.trim());
  if (!match) return undefined;
  if (match[1] !== undefined) return "test";
  const name = match[2];
  const builtin = ["install", "ci", "i", "exec", "x", "add", "remove", "dlx", "init"];
  return name === undefined || builtin.includes(name) ? undefined : name;
}

/** Every script the command runs through npm (or yarn, pnpm, bun), with pre/post scripts, followed into the scripts it calls. */
export function scriptsRunBy(command: string, scripts: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const visit = (text: string) => {
    for (const segment of text.split(/&&|\|\||[;|&\n]/)) {
      const name = scriptOf(segment);
      if (name === undefined) continue;
      for (const candidate of [`pre${name}`, name, `post${name}`]) {
        if (found.has(candidate)) continue;
        found.add(candidate);
        const body = scripts[candidate];
        if (typeof body === "string") visit(body);
      }
    }
  };
  visit(command);
  return [...found].sort();
}

function packageParts(text: string, testCommand: string): HarnessDigests {
  let pkg: { scripts?: Record<string, unknown> } & Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    // Unreadable JSON runs no script as recorded: the whole text stands for the part.
    return { "package.json": sha256(text) };
  }
  const parts: HarnessDigests = {};
  const scripts = pkg.scripts !== null && typeof pkg.scripts === "object" ? pkg.scripts : {};
  for (const name of scriptsRunBy(testCommand, scripts)) {
    if (scripts[name] !== undefined) parts[`package.json#scripts.${name}`] = sha256(JSON.stringify(scripts[name]));
  }
  for (const key of PACKAGE_CONFIG_KEYS) {
    if (pkg[key] !== undefined) parts[`package.json#${key}`] = sha256(JSON.stringify(pkg[key]));
  }
  return parts;
}

function greenlightParts(text: string): HarnessDigests {
  try {
    const config = JSON.parse(text) as { testCommand?: unknown };
    return config.testCommand === undefined ? {} : { "greenlight.json#testCommand": sha256(JSON.stringify(config.testCommand)) };
  } catch {
    return { "greenlight.json": sha256(text) };
  }
}

const SECTION_HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$/;

/** INI and TOML sections that configure pytest; in pyproject.toml also pytest keys written as dotted keys outside them. */
function sectionParts(path: string, text: string): HarnessDigests {
  const wanted = SECTION_FILES[path]!;
  const parts: HarnessDigests = {};
  let header = "";
  const bodies = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const match = SECTION_HEADER.exec(line);
    if (match) {
      header = match[1]!;
      continue;
    }
    const dotted = path === "pyproject.toml" && (header === "" || header === "tool") && /^\s*"?(tool\.)?pytest\b/.test(line);
    if (wanted(header) || dotted) {
      const key = dotted ? "pytest" : header;
      bodies.set(key, [...(bodies.get(key) ?? []), line.trimEnd()]);
    }
  }
  for (const [key, lines] of bodies) parts[`${path}#[${key}]`] = sha256(lines.join("\n").trim());
  return parts;
}

/** The harness parts one file holds, given its text. */
export function harnessPartsOfFile(path: string, text: string, testCommand: string): HarnessDigests {
  if (path === "package.json") return packageParts(text, testCommand);
  if (path === "greenlight.json") return greenlightParts(text);
  if (path in SECTION_FILES) return sectionParts(path, text);
  if (WHOLE_FILES.some((pattern) => pattern.test(path))) return { [path]: sha256(text) };
  return {};
}

/** The harness as the project's files have it now. */
export function harnessDigests(files: Readonly<Record<string, string>>, testCommand: string): HarnessDigests {
  const parts: HarnessDigests = {};
  for (const [path, text] of Object.entries(files)) {
    if (isHarnessFile(path)) Object.assign(parts, harnessPartsOfFile(path, text, testCommand));
  }
  return parts;
}

function fileOfPart(key: string): string {
  return key.split("#")[0]!;
}

/** Parts added, removed or changed between two harness records, sorted. */
export function changedHarness(recorded: Readonly<HarnessDigests>, now: Readonly<HarnessDigests>): string[] {
  return [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter((key) => recorded[key] !== now[key]).sort();
}

/** The same comparison restricted to one file, for a write that would replace it with `text`. */
export function changedHarnessOfFile(recorded: Readonly<HarnessDigests>, path: string, text: string, testCommand: string): string[] {
  const before = Object.fromEntries(Object.entries(recorded).filter(([key]) => fileOfPart(key) === path));
  return changedHarness(before, harnessPartsOfFile(path, text, testCommand));
}

/** The record after a QA session: the parts QA changed (between before and after) take their new digests, the rest stays. */
export function harnessAfterQa(recorded: Readonly<HarnessDigests>, before: Readonly<HarnessDigests>, after: Readonly<HarnessDigests>): HarnessDigests {
  const next: HarnessDigests = { ...recorded };
  for (const key of changedHarness(before, after)) {
    if (after[key] === undefined) delete next[key];
    else next[key] = after[key];
  }
  return next;
}
