import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

const HOST_ENTRY = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The sandbox's keys in greenlight.json, spread into the project config schema:
 * `"sandbox": "auto" | "required" | "off"`, `"network": {"allow": [HOST, ...]}`,
 * `"filesystem": {"denyRead": [PATH, ...], "allowWrite": [PATH, ...]}`.
 */
export const sandboxConfigShape = {
  sandbox: z.enum(["auto", "required", "off"]).optional(),
  network: z
    .object({
      allow: z.array(z.string().regex(HOST_ENTRY, "expected a host name, *.domain or host:port (e.g. registry.npmjs.org, *.github.com, 127.0.0.1:8080)")),
    })
    .strict()
    .optional(),
  filesystem: z
    .object({
      denyRead: z.array(z.string().min(1)),
      allowWrite: z.array(z.string().min(1)),
    })
    .partial()
    .strict()
    .optional(),
};

const sandboxConfigSchema = z.object(sandboxConfigShape);
type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

export type SandboxMode = NonNullable<SandboxConfig["sandbox"]>;

/** What every command greenlight runs for the model may do, paths absolute. */
export interface SandboxSettings {
  mode: SandboxMode;
  /** Hosts reachable through greenlight's proxy; none means no network at all. */
  allowHosts: string[];
  /** Hidden from commands on top of the built-in secrets (~/.ssh and the like). */
  denyRead: string[];
  /** Writable on top of the project folder and the private /tmp. */
  allowWrite: string[];
  /** Read-only even where they lie inside the project (greenlight's state folder). */
  readOnly: string[];
}

export const DEFAULT_SANDBOX: SandboxSettings = { mode: "auto", allowHosts: [], denyRead: [], allowWrite: [], readOnly: [] };

/** `~/x` is under the person's home, a relative path under the project. */
function expandPath(path: string, projectDir: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(projectDir, path);
}

export function sandboxSettings(projectDir: string, config: SandboxConfig): SandboxSettings {
  return {
    mode: config.sandbox ?? "auto",
    allowHosts: config.network?.allow ?? [],
    denyRead: (config.filesystem?.denyRead ?? []).map((path) => expandPath(path, projectDir)),
    allowWrite: (config.filesystem?.allowWrite ?? []).map((path) => expandPath(path, projectDir)),
    readOnly: [],
  };
}
