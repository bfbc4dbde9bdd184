/** A requirement of a generated parallel-run scenario (see parallel-project.mjs). */
export interface ScenarioRequirement {
  id: string;
  /** "own": its own module; "shared": appends a function to src/shared.js after the same line as the other shared ones. */
  kind: "own" | "shared";
  dependsOn?: string[];
}

export interface ParallelProject {
  /** The git repository (branch main, one commit) with SPEC.md, not yet planned. */
  project: string;
  cassette: string;
  /** Where the run's worktrees go (GREENLIGHT_WORKTREES), beside the project, outside it. */
  worktrees: string;
  git(...args: string[]): string;
}

/** `dependency`: the tests import a package from the project's (untracked) node_modules. */
export function createParallelProject(requirements: ScenarioRequirement[], options?: { dependency?: boolean }): Promise<ParallelProject>;
