import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Where a project keeps its Python virtual environment, by the usual names, in the order tools look. */
const VENV_FOLDERS = [".venv", "venv"] as const;

/** The project's virtual environment folder (it holds pyvenv.cfg), if it has one. */
export function projectVenv(projectDir: string): string | undefined {
  return VENV_FOLDERS.map((name) => join(projectDir, name)).find((folder) => existsSync(join(folder, "pyvenv.cfg")));
}

/**
 * The environment as `source .venv/bin/activate` leaves it: the venv's bin first on PATH, VIRTUAL_ENV set,
 * PYTHONHOME unset. A person types `pytest` with it active; the test command and the Bash tool get the same.
 */
export function withProjectVenv(projectDir: string, env: Readonly<Record<string, string>>): Record<string, string> {
  const venv = projectVenv(projectDir);
  if (venv === undefined) return { ...env };
  const bin = join(venv, process.platform === "win32" ? "Scripts" : "bin");
  const { PYTHONHOME: _home, ...rest } = env;
  return { ...rest, VIRTUAL_ENV: venv, PATH: env.PATH ? `${bin}${delimiter}${env.PATH}` : bin };
}
