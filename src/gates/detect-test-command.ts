import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The project's test command from what it contains: a package.json test script, pytest configuration or
 * test files, a Go module, a Cargo crate. Undefined when nothing says how the project is tested.
 */
export function detectTestCommand(projectDir: string): string | undefined {
  const has = (name: string) => existsSync(join(projectDir, name));
  if (has("package.json")) {
    try {
      const pkg = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as { scripts?: Record<string, unknown> };
      const script = pkg.scripts?.test;
      if (typeof script === "string" && script.trim() !== "" && !/no test specified/.test(script)) return "npm test";
    } catch {
      return undefined;
    }
  }
  if (["pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini", "conftest.py"].some(has) || (has("tests") && !has("package.json"))) return "python3 -m pytest";
  if (has("go.mod")) return "go test ./...";
  if (has("Cargo.toml")) return "cargo test";
  return undefined;
}
