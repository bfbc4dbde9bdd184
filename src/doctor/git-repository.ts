import { fail, ok, warn, type CheckResult } from "./check.js";
import { findProgram } from "./find-program.js";
import { runProgram } from "./run-program.js";

/** git on PATH, and the project's repository: whether there is one, a first commit, uncommitted changes. */
export async function checkGitRepository(projectDir: string): Promise<CheckResult> {
  const git = await findProgram("git");
  if (!git) return fail("git", "git is not installed", "install git (Debian/Ubuntu: sudo apt-get install git)");
  const inside = await runProgram(git, ["rev-parse", "--show-toplevel"], { cwd: projectDir });
  if (inside.code !== 0) return warn("git", "the project is not in a git repository: no requirement diffs against a commit, no --parallel", "git init && git add -A && git commit -m start");
  const head = await runProgram(git, ["rev-parse", "--verify", "-q", "HEAD"], { cwd: projectDir });
  if (head.code !== 0) return warn("git", `repository ${inside.output} has no commit yet`, "git add -A && git commit -m start");
  const status = await runProgram(git, ["status", "--porcelain", "--untracked-files=no"], { cwd: projectDir });
  const changed = status.output === "" ? 0 : status.output.split("\n").length;
  const branch = (await runProgram(git, ["branch", "--show-current"], { cwd: projectDir })).output || "detached HEAD";
  if (changed > 0) return warn("git", `repository ${inside.output} on ${branch}, ${changed} tracked files changed`, "commit or stash them before a --parallel run (a plain run works on them as they are)");
  return ok("git", `repository ${inside.output} on ${branch}, clean`);
}
