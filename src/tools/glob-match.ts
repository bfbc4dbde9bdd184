import picomatch from "picomatch";

/** A test for project-relative paths ("/" separators) against globs; dot files match like any other. */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  return picomatch([...patterns], { dot: true });
}
