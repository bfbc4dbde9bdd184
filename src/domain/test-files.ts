/**
 * Which project files are tests, by the conventions of the runners greenlight knows: a tests folder,
 * *.test.* / *.spec.* (JavaScript, TypeScript), test_*.py / *_test.py (pytest), *_test.go (go test).
 */
const TEST_PATH_PATTERNS: readonly RegExp[] = [
  /(^|\/)(test|tests|__tests__|spec)\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)test_[^/]*\.py$/,
  /_test\.(py|go)$/,
];

export function isTestFile(relativePath: string): boolean {
  const path = relativePath.replace(/\\/g, "/");
  return TEST_PATH_PATTERNS.some((pattern) => pattern.test(path));
}
