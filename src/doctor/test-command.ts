import { fail, ok, type CheckResult } from "./check.js";
import { findProgram } from "./find-program.js";
import { runProgram } from "./run-program.js";

/** The test command greenlight will run: set or detected, its program installed, a `-m` module importable. */
export async function checkTestCommand(projectDir: string, command: string | undefined, source: string): Promise<CheckResult> {
  if (command === undefined) {
    return fail("test command", "none set and none detected (no package.json \"test\" script, pytest setup, go.mod or Cargo.toml)", 'set "testCommand" in greenlight.json (greenlight init writes a starting one)');
  }
  const words = command.trim().split(/\s+/);
  const program = words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  if (program === undefined) return fail("test command", `"${command}" names no program`, 'fix "testCommand" in greenlight.json');
  const found = await findProgram(program);
  if (!found) return fail("test command", `"${command}" (${source}): ${program} is not installed`, `install ${program}, or set "testCommand" in greenlight.json`);
  const moduleFlag = words.indexOf("-m");
  const module = moduleFlag > 0 ? words[moduleFlag + 1] : undefined;
  if (module !== undefined) {
    const probe = await runProgram(found, ["-c", `import ${module.replace(/[^A-Za-z0-9_.]/g, "")}`], { cwd: projectDir });
    if (probe.code !== 0) return fail("test command", `"${command}" (${source}): ${program} cannot import ${module}`, `${program} -m pip install ${module} (in the project's virtualenv, if it has one)`);
  }
  return ok("test command", `"${command}" (${source}), ${program} at ${found}`);
}
