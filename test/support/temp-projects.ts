import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temp folder holding the given files (path -> text); the caller removes it. */
export function projectWith(files: Record<string, string>, prefix = "greenlight-project-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
}

/** Makes the folder a git repository with everything in it committed. */
export function committed(dir: string): string {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "start");
  return dir;
}

export const NODE_PROJECT = {
  "package.json": JSON.stringify({ name: "shop", scripts: { test: "node --test" } }),
  "src/cart.js": "export const total = (items) => items.reduce((sum, item) => sum + item.price, 0);\n",
};

export const PYTHON_PROJECT = {
  "pyproject.toml": '[project]\nname = "shop"\nversion = "0.1.0"\n',
  "shop/__init__.py": "",
  "tests/test_cart.py": "def test_nothing_yet():\n    assert True\n",
};

/** A project with code but nothing that says how it is tested. */
export const UNTESTED_PROJECT = { "README.md": "# notes\n\nSome scripts.\n", "tool.sh": "echo hi\n" };
