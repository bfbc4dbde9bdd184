/** A requirement's own worktree: its branch, its folder, and the dependency folders linked into it. */
export interface RequirementWorktree {
  requirement: string;
  branch: string;
  path: string;
  /** Dependency folders linked from the project (names relative to the worktree), left out of every commit. */
  links: string[];
}

const BRANCH_PREFIX = "greenlight/";
const SAFE_SEGMENT = "[A-Za-z0-9][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*";
/** One segment, or a feature and its id (`001-photo-albums/FR-001`): both name a branch and a folder. */
const SAFE_ID = new RegExp(`^${SAFE_SEGMENT}(?:/${SAFE_SEGMENT})?$`);

/** The branch greenlight works on a requirement in; throws for an id git could not name a branch or folder after. */
export function requirementBranch(requirement: string): string {
  if (!SAFE_ID.test(requirement) || requirement.endsWith(".lock")) {
    throw new Error(`Requirement id ${JSON.stringify(requirement)} cannot name a git branch: use letters, digits, '-', '_', single dots and one '/' after a feature.`);
  }
  return `${BRANCH_PREFIX}${requirement}`;
}

/** The requirement a branch (short name or refs/heads/...) belongs to; undefined for a branch greenlight did not make. */
export function branchRequirement(branch: string): string | undefined {
  const short = branch.replace(/^refs\/heads\//, "");
  return short.startsWith(BRANCH_PREFIX) ? short.slice(BRANCH_PREFIX.length) : undefined;
}
