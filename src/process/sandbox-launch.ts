import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { bwrapArguments } from "../sandbox/bwrap-arguments.js";
import { deniedPaths } from "../sandbox/denied-paths.js";
import { startNetworkProxy, type NetworkProxy } from "../sandbox/network-proxy.js";
import { FORWARDER_SOURCE, PROXY_PORT } from "../sandbox/proxy-forwarder.js";
import type { HintContext } from "../sandbox/refusal-hint.js";
import type { SandboxSettings } from "../sandbox/sandbox-config.js";

/** Folders a project commonly links to an install elsewhere rather than holding it. */
const LINKED_DEPENDENCIES = ["node_modules", ".venv", "venv"];
import type { ScratchFolder } from "./scratch-folder.js";

export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  hint?: HintContext;
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Starts the allow-list proxy on first need; every command of the runner shares it. */
export class ProxyStarter {
  private started: Promise<NetworkProxy> | undefined;

  constructor(
    private readonly scratch: ScratchFolder,
    private readonly allowHosts: readonly string[],
  ) {}

  socket(): Promise<string> {
    this.started ??= startNetworkProxy(this.scratch.proxySocket, this.allowHosts);
    return this.started.then(() => this.scratch.proxySocket);
  }

  /** Stops the proxy if it was started; the next command that needs it starts another. */
  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    await started?.then((proxy) => proxy.close(), () => undefined);
  }
}

/**
 * bubblewrap around a program: the project (root) writable, the machine read-only, secrets of the
 * person's home and of the command's own HOME hidden, /tmp private, the network only loopback plus,
 * when hosts are allowed, greenlight's proxy at 127.0.0.1:3128 (HTTP_PROXY/HTTPS_PROXY say so).
 */
export async function sandboxedLaunch(
  program: string[],
  where: { root: string; cwd: string; env: Record<string, string>; alsoWritable?: string[] },
  settings: SandboxSettings,
  scratch: ScratchFolder,
  proxy: ProxyStarter,
  bwrap: string,
): Promise<Launch> {
  const root = realOrSame(where.root);
  const homes = [homedir(), process.env.HOME, where.env.HOME].filter((home): home is string => home !== undefined && home !== "");
  const denied = deniedPaths(homes, settings.denyRead);
  const env: Record<string, string> = { ...where.env, TMPDIR: "/tmp" };
  let proxySocket: string | undefined;
  let inner = program;
  if (settings.allowHosts.length > 0) {
    proxySocket = await proxy.socket();
    const url = `http://127.0.0.1:${PROXY_PORT}`;
    Object.assign(env, { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NO_PROXY: "localhost,127.0.0.1,::1", no_proxy: "localhost,127.0.0.1,::1" });
    inner = [process.execPath, "-e", FORWARDER_SOURCE, proxySocket, String(PROXY_PORT), ...program];
  }
  const args = bwrapArguments({
    root,
    cwd: realOrSame(where.cwd),
    privateTmp: scratch.privateTmp,
    // What the private /tmp hides is the host's /tmp itself, whatever TMPDIR says (a test run or a user
    // may point TMPDIR at a folder inside it, or elsewhere).
    hostTmp: realOrSame("/tmp"),
    allowWrite: [...settings.allowWrite, ...(where.alsoWritable ?? [])].filter((path) => existsSync(path)).map(realOrSame),
    readOnly: [join(root, ".git"), ...settings.readOnly].filter((path) => existsSync(path)).map(realOrSame),
    // A dependency folder linked from elsewhere (a checkout's node_modules) must stay readable behind the private /tmp.
    readable: LINKED_DEPENDENCIES.map((name) => join(root, name))
      .filter((path) => existsSync(path))
      .map(realOrSame)
      .filter((path) => !path.startsWith(`${root}/`)),
    denied,
    lockedFile: scratch.lockedFile,
    ...(proxySocket ? { proxySocket } : {}),
  });
  return { file: bwrap, args: [...args, "--", ...inner], env, hint: { denied: [...denied.dirs, ...denied.files], allowHosts: settings.allowHosts } };
}
