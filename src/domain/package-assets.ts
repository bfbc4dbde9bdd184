import { fileURLToPath } from "node:url";

/**
 * Where the files greenlight reads at run time live inside its own package, installed or in a checkout
 * (src/ and dist/ sit at the same depth, so one relative path serves both). package.json `files` ships
 * exactly these folders besides dist/; nothing is ever written here.
 */
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const PACKAGE_ASSETS = {
  root: PACKAGE_ROOT,
  packageJson: `${PACKAGE_ROOT}package.json`,
  /** The built-in team: qa.md, backend.md, reviewer.md. */
  builtinAgents: `${PACKAGE_ROOT}agents/`,
  /** Legacy-format terminfo entries blessed can read. */
  terminfo: `${PACKAGE_ROOT}terminfo/`,
  /** The demo's example project, its spec and its cassette. */
  demoExample: `${PACKAGE_ROOT}examples/calculator/`,
} as const;
