import { execFile } from "node:child_process";
import { resolve } from "node:path";

export const CLI = resolve(import.meta.dirname, "../../dist/main.js");

/** The environment of a person without a key or model set, plus `extra`. */
export function personEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ANTHROPIC_") && !name.startsWith("GREENLIGHT_") && !name.startsWith("VITEST")));
  return { ...kept, ...extra };
}

/** Runs the built greenlight without blocking this process, so a server in the test can answer it. */
export function greenlight(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env ?? personEnv(), encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}
