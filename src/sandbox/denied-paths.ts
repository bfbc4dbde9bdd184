import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where people keep credentials: hidden from every sandboxed command, whatever greenlight.json says. */
const SECRETS_UNDER_HOME = [
  ".ssh",
  ".aws",
  ".gnupg",
  ".config/gh",
  ".netrc",
  ".npmrc",
  ".docker/config.json",
  ".git-credentials",
  ".config/gcloud",
  ".azure",
  ".kube",
  ".pypirc",
  ".cargo/credentials",
  ".cargo/credentials.toml",
  ".claude/.credentials.json",
  ".config/greenlight",
];

export interface DeniedPaths {
  dirs: string[];
  files: string[];
}

/** The secrets under each home plus the extra paths, those that exist, by their real paths. */
export function deniedPaths(homes: readonly string[], extra: readonly string[]): DeniedPaths {
  const denied: DeniedPaths = { dirs: [], files: [] };
  const seen = new Set<string>();
  const candidates = [...new Set(homes)].flatMap((home) => SECRETS_UNDER_HOME.map((path) => join(home, path)));
  for (const candidate of [...candidates, ...extra]) {
    let real: string;
    let isDir: boolean;
    try {
      real = realpathSync(candidate);
      isDir = statSync(real).isDirectory();
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    (isDir ? denied.dirs : denied.files).push(real);
  }
  return denied;
}
